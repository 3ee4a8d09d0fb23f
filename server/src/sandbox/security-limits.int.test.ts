import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { attackTool, processesInUidRange, sandboxKit, TEST_LIMITS, testUidRange } from './sandbox.test-kit';

/**
 * Security suite, part 3: resource exhaustion (contract §5). Every bomb must end the run within its limits,
 * leave no process behind and leave the host able to fork and to serve (its event loop keeps turning).
 */
const UIDS = testUidRange(302_000);
const kit = sandboxKit(UIDS);

afterAll(async () => {
  await kit.close();
  expect(processesInUidRange(UIDS)).toEqual([]);
  expect(spawnSync('/bin/true').status).toBe(0);
});

/** The longest gap between event-loop turns while `work` runs. */
async function eventLoopLag<T>(work: Promise<T>): Promise<{ value: T; lagMs: number }> {
  let last = performance.now();
  let lagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 10);
    last = now;
  }, 10);
  try {
    return { value: await work, lagMs };
  } finally {
    clearInterval(timer);
  }
}

describe('sandbox security: processes', () => {
  it('a fork bomb hits the process limit (EAGAIN); the host can still fork', async () => {
    const { obs, resultDoc } = await kit.run(
      attackTool(`
count = 0
while True:
    try:
        pid = os.fork()
    except OSError as e:
        obs["stop"] = {"ok": False, "errno": e.errno, "value": count}
        break
    if pid == 0:
        time.sleep(60)
        os._exit(0)
    count += 1`),
    );
    expect(resultDoc?.status).toBe('succeeded');
    expect(obs.stop).toMatchObject({ ok: false, errno: 11 });
    expect(obs.stop!.value).toBeGreaterThan(5);
    expect(obs.stop!.value).toBeLessThan(32);
    expect(spawnSync('/bin/true').status).toBe(0);
  });

  it('a forking loop that never gives up is killed at the wall clock with nothing left over', async () => {
    const { result } = await kit.run(
      attackTool(`
while True:
    try:
        os.fork()
    except OSError:
        pass`),
      { limits: { wallMs: 1500 } },
    );
    expect(result.outcome).toBe('timed_out');
    expect(result.durationMs).toBeLessThan(1500 + 2500);
    expect(processesInUidRange(UIDS)).toEqual([]);
    expect(spawnSync('/bin/true').status).toBe(0);
  });

  it('a thread bomb hits the same limit', async () => {
    const { obs } = await kit.run(
      attackTool(`
import threading
threads = []
try:
    while True:
        t = threading.Thread(target=time.sleep, args=(30,), daemon=True)
        t.start()
        threads.append(t)
except RuntimeError as e:
    obs["threads"] = {"ok": False, "value": len(threads), "msg": str(e)}`),
    );
    expect(obs.threads).toMatchObject({ ok: false, msg: "can't start new thread" });
    expect(obs.threads!.value).toBeLessThan(32);
  });

  it('cannot open more than 256 files', async () => {
    const { obs } = await kit.run(
      attackTool(`
files = []
try:
    while True:
        files.append(open("/dev/null"))
except OSError as e:
    obs["files"] = {"ok": False, "errno": e.errno, "value": len(files)}`),
    );
    expect(obs.files).toMatchObject({ ok: false, errno: 24 });
    expect(obs.files!.value).toBeLessThan(256);
  });

  it("runs under the run's kernel limits, soft equal to hard, and cannot raise any of them", async () => {
    const { obs } = await kit.run(
      attackTool(`
import resource
for name in ("AS", "CPU", "NPROC", "FSIZE", "NOFILE", "CORE"):
    which = getattr(resource, "RLIMIT_" + name)
    soft, hard = resource.getrlimit(which)
    obs[name] = {"ok": True, "value": [soft, hard]}
    obs["raise_" + name] = attempt(lambda: resource.setrlimit(which, (hard + 1, hard + 1)))
    obs["unlimited_" + name] = attempt(lambda: resource.setrlimit(which, (resource.RLIM_INFINITY,) * 2))`),
    );
    const limit = (name: string) => obs[name]!.value as [number, number];
    for (const name of ['AS', 'CPU', 'NPROC', 'FSIZE', 'NOFILE', 'CORE']) {
      const [soft, hard] = limit(name);
      expect(soft, name).toBe(hard);
      expect(obs[`raise_${name}`], name).toMatchObject({ ok: false, error: 'ValueError' });
      expect(obs[`unlimited_${name}`], name).toMatchObject({ ok: false, error: 'ValueError' });
    }
    expect(limit('NPROC')[0]).toBe(TEST_LIMITS.maxProcesses);
    expect(limit('FSIZE')[0]).toBe(TEST_LIMITS.diskBytes);
    expect(limit('NOFILE')[0]).toBe(256);
    expect(limit('CORE')[0]).toBe(0);
    // A pooled sandbox adds what its pre-start took (CPU seconds, address space of imported libraries).
    expect(limit('CPU')[0]).toBeGreaterThanOrEqual(TEST_LIMITS.cpuSeconds);
    expect(limit('CPU')[0]).toBeLessThanOrEqual(TEST_LIMITS.cpuSeconds + 3);
    expect(limit('AS')[0]).toBeGreaterThanOrEqual(TEST_LIMITS.memoryBytes);
    expect(limit('AS')[0]).toBeLessThan(TEST_LIMITS.memoryBytes + 2 * 1024 ** 3);
  });
});

describe('sandbox security: memory and CPU', () => {
  it('a memory bomb gets MemoryError (bytearray, a growing list, a numpy array)', async () => {
    const { obs } = await kit.run(
      attackTool(`
obs["bytearray"] = attempt(lambda: len(bytearray(4 << 30)))
def grow():
    chunks = []
    while True:
        chunks.append(bytearray(16 << 20))
obs["grow"] = attempt(grow)
import numpy
obs["numpy"] = attempt(lambda: numpy.ones(10**9).sum())`),
    );
    expect(obs.bytearray).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(obs.grow).toMatchObject({ ok: false, error: 'MemoryError' });
    expect(obs.numpy).toMatchObject({ ok: false, error: expect.stringMatching(/MemoryError$/) });
  });

  it('an uncaught MemoryError fails the run with the contract summary', async () => {
    const { result, resultDoc } = await kit.run('def run_tool(i, o):\n    return bytearray(4 << 30)\n');
    expect(result.outcome).toBe('exited');
    expect(resultDoc).toMatchObject({
      status: 'failed',
      error_summary: 'Tool execution failed (MemoryError).',
    });
  });

  it('a CPU loop is killed at the CPU limit (killReason cpu)', async () => {
    const { result } = await kit.run('def run_tool(i, o):\n    while True:\n        pass\n', {
      limits: { cpuSeconds: 1 },
    });
    expect(result).toMatchObject({
      outcome: 'killed',
      killReason: 'cpu',
      exitSignal: 'SIGKILL',
      resultJson: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('a CPU loop under a longer CPU limit is timed out at the wall clock', async () => {
    const { result } = await kit.run('def run_tool(i, o):\n    while True:\n        pass\n', {
      limits: { cpuSeconds: 10, wallMs: 1200 },
    });
    expect(result).toMatchObject({ outcome: 'timed_out', killReason: null });
    expect(result.durationMs).toBeGreaterThanOrEqual(1200);
    expect(result.durationMs).toBeLessThan(1200 + 2500);
  });

  it('time.sleep(999) is timed out near the limit and keeps what it printed (example 13)', async () => {
    const { result } = await kit.run(
      'import time\ndef run_tool(i, o):\n    print("före sömnen")\n    time.sleep(999)\n',
      { limits: { wallMs: 1500 } },
    );
    expect(result.outcome).toBe('timed_out');
    expect(result.stdout).toBe('före sömnen\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(1500);
    expect(result.durationMs).toBeLessThan(1500 + 2500);
  });

  it('cancelling kills at once, including a setsid daemon', async () => {
    const tool = attackTool(`
if os.fork() == 0:
    os.setsid()
    time.sleep(999)
time.sleep(999)`);
    await kit.warm(tool);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const started = performance.now();
    const { result } = await kit.run(tool, { signal: abort.signal });
    expect(result.outcome).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(1500);
    expect(processesInUidRange(UIDS)).toEqual([]);
  });
});

describe('sandbox security: disk and output', () => {
  it('filling /tmp ends with ENOSPC at the disk limit', async () => {
    const { obs, result } = await kit.run(
      attackTool(`
written = 0
try:
    while True:
        with open("/tmp/fill-%d" % (written // 4), "ab") as f:
            f.write(b"x" * (1 << 20))
        written += 1
except OSError as e:
    obs["fill"] = {"ok": False, "errno": e.errno, "value": written}`),
    );
    expect(result.outcome).toBe('exited');
    expect(obs.fill).toMatchObject({ ok: false, errno: 28 });
    expect(obs.fill!.value).toBeGreaterThanOrEqual(30);
    expect(obs.fill!.value).toBeLessThanOrEqual(32);
  });

  it('filling output/ is killed by the disk watcher; what was written is kept', async () => {
    const { result, listing } = await kit.run(
      attackTool(`
i = 0
while True:
    with open(os.path.join(output_dir, "part-%04d" % i), "wb") as f:
        f.write(b"x" * (1 << 20))
    i += 1`),
    );
    expect(result).toMatchObject({ outcome: 'killed', killReason: 'disk' });
    expect(result.durationMs).toBeLessThan(10_000);
    expect('files' in listing && listing.files.length).toBeGreaterThan(10);
  });

  it('/tmp and output/ share one budget', async () => {
    const { result } = await kit.run(
      attackTool(`
open("/tmp/half", "wb").write(b"x" * (20 << 20))
open(os.path.join(output_dir, "half"), "wb").write(b"x" * (20 << 20))
time.sleep(5)`),
    );
    expect(result).toMatchObject({ outcome: 'killed', killReason: 'disk' });
  });

  it('endless stdout is cut at the cap, flagged, and killed; the host stays responsive', async () => {
    const { value, lagMs } = await eventLoopLag(
      kit.run('def run_tool(i, o):\n    while True:\n        print("x" * 1000)\n'),
    );
    const { result } = value;
    expect(result).toMatchObject({ outcome: 'killed', killReason: 'output', isStdoutTruncated: true });
    expect(result.stdout.length).toBe(200_000);
    expect(result.durationMs).toBeLessThan(10_000);
    // Generous for a machine busy with other test files; a blocked event loop would stall for seconds.
    expect(lagMs).toBeLessThan(1000);
  });

  it('stderr is cut at a character boundary and flagged', async () => {
    const { result } = await kit.run(
      'import sys\ndef run_tool(i, o):\n    sys.stderr.write("å" * 20_000)\n    return "ok"\n',
      { limits: { captureBytes: 1001 } },
    );
    expect(result).toMatchObject({ outcome: 'exited', isStderrTruncated: true, isStdoutTruncated: false });
    expect(result.stderr).toBe('å'.repeat(500));
  });
});
