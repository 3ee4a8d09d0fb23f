import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/ports';
import { BubblewrapSandbox } from './bubblewrap.sandbox';
import { prepareRunDir } from './run-dir';
import { PooledSandbox } from './sandbox-pool';
import {
  attackTool,
  CONTRACT_ENV,
  processesInUidRange,
  PYTHON,
  RUNNER_DIR,
  TEST_LIMITS,
  TEST_PRELOAD,
} from './sandbox.test-kit';
import type { SandboxLimits } from './sandbox.ports';

/**
 * Pooled sandboxes (sandbox-pool.ts) on the real sandbox: single use, limits counted from the hand-over, and
 * faults around the pool (the security suites also run pooled: *.pooled.int.test.ts).
 */
const UIDS: [number, number] = [320_000, 321_000];
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-pool-test-'));
fs.chmodSync(parent, 0o711);
const libraries = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-pool-lib-'));
fs.chmodSync(libraries, 0o755);
const cold = new BubblewrapSandbox({
  python: PYTHON,
  runnerDir: RUNNER_DIR,
  uidRange: UIDS,
  pythonPath: [libraries],
});
const counts = { hits: 0, misses: 0, refills: 0, failures: 0 };
const pools: PooledSandbox[] = [];

function newPool(size = 1, isKeptFull = false, ttlMs = 600_000) {
  const pool = new PooledSandbox(cold, {
    size,
    ttlMs,
    preload: TEST_PRELOAD,
    slotParent: path.join(parent, 'pool'),
    log: silentLogger,
    isKeptFull,
    observer: {
      hit: () => (counts.hits += 1),
      miss: () => (counts.misses += 1),
      refilled: () => (counts.refills += 1),
      refillFailed: () => (counts.failures += 1),
      idle: () => undefined,
    },
  });
  pools.push(pool);
  return pool;
}

async function runIn(
  sandbox: PooledSandbox | BubblewrapSandbox,
  source: string,
  limits: Partial<SandboxLimits> = {},
  signal?: AbortSignal,
) {
  return (await staged(source))(sandbox, limits, signal);
}

/** Stages a run first; the returned function runs it (so a test controls what happens in between). */
async function staged(source: string) {
  const staged = await prepareRunDir(parent, { sourceCode: source, memory: { settings: {} }, files: [] });
  return async (
    sandbox: PooledSandbox | BubblewrapSandbox,
    limits: Partial<SandboxLimits> = {},
    signal?: AbortSignal,
  ) => {
    try {
      const result = await sandbox.run({
        runDir: staged.runDir,
        env: CONTRACT_ENV,
        limits: { ...TEST_LIMITS, ...limits },
        signal,
      });
      const doc = result.resultJson
        ? (JSON.parse(result.resultJson) as { status: string; outputs: { value?: unknown }[] })
        : null;
      const files = fs.readdirSync(path.join(staged.runDir, 'output'));
      return {
        result,
        doc,
        obs: (doc?.outputs[0]?.value ?? {}) as Record<string, { value?: unknown }>,
        files,
      };
    } finally {
      await staged.cleanup();
    }
  };
}

/** The waiting or running sandboxes' pid 1 (bwrap's child), as an OOM kill or a crash would end them. */
function sandboxInits(): number[] {
  const inRange = new Set(processesInUidRange(UIDS));
  return [...inRange].filter((pid) => {
    try {
      const parent = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      return inRange.has(parent);
    } catch {
      return false;
    }
  });
}

afterAll(async () => {
  for (const pool of pools) await pool.close();
  expect(processesInUidRange(UIDS)).toEqual([]);
  fs.rmSync(parent, { recursive: true, force: true });
  fs.rmSync(libraries, { recursive: true, force: true });
});

describe('pooled sandboxes', { timeout: 180_000 }, () => {
  it('a run sees nothing of the run before it in the same pool, and a leftover process does not reach it', async () => {
    const pool = newPool();
    const first = attackTool(`
open("/tmp/marker", "w").write("first")
open(output_dir + "/first.txt", "w").write("first")
if os.fork() == 0:
    os.setsid()
    time.sleep(999)
obs["pid"] = attempt(lambda: os.getpid())`);
    await pool.ready(TEST_LIMITS, first);
    const hits = counts.hits;
    const one = await runIn(pool, first);
    expect(one.doc?.status).toBe('succeeded');
    expect(one.files).toEqual(['first.txt']);
    const second = attackTool(`
obs["marker"] = attempt(lambda: open("/tmp/marker").read())
obs["work"] = attempt(lambda: sorted(os.listdir("/work")))
obs["output"] = attempt(lambda: os.listdir(output_dir))
obs["procs"] = attempt(lambda: sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))`);
    await pool.ready(TEST_LIMITS, second);
    const two = await runIn(pool, second);
    expect(counts.hits).toBe(hits + 2);
    expect(two.obs.marker).toMatchObject({ ok: false });
    expect(two.obs.work?.value).toEqual(['input', 'memory.json', 'output', 'result.json', 'script.py']);
    expect(two.obs.output?.value).toEqual([]);
    expect(two.obs.procs?.value).toEqual([1]); // only its own harness: the first run's daemon is gone
    await pool.close();
  });

  it('pre-imports are not charged: CPU and wall clock count from the hand-over', async () => {
    const pool = newPool();
    const burn = (seconds: number) =>
      `import pandas\nimport time\ndef run_tool(i, o):\n    end = time.process_time() + ${seconds}\n    while time.process_time() < end:\n        pass\n    return "<p>klar</p>"\n`;
    // A sandbox that has waited 2 s (and spent CPU importing pandas) still gives the tool its whole budget.
    await pool.ready({ ...TEST_LIMITS, cpuSeconds: 2, wallMs: 2500 }, burn(1.2));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const within = await runIn(pool, burn(1.2), { cpuSeconds: 2, wallMs: 60_000 });
    expect(within.result.outcome).toBe('exited');
    expect(within.doc?.status).toBe('succeeded');
    // and the limits still hold, counted from the hand-over
    await pool.ready({ ...TEST_LIMITS, cpuSeconds: 2 }, burn(30));
    const over = await runIn(pool, burn(30), { cpuSeconds: 2, wallMs: 60_000 });
    expect(over.result).toMatchObject({ outcome: 'killed', killReason: 'cpu' });
    expect(over.result.durationMs).toBeGreaterThanOrEqual(1900);
    expect(over.result.durationMs).toBeLessThan(60_000);
    const sleeper = 'import time\ndef run_tool(i, o):\n    time.sleep(30)\n';
    await pool.ready({ ...TEST_LIMITS, wallMs: 1000 }, sleeper);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const slow = await runIn(pool, sleeper, { wallMs: 1000 });
    expect(slow.result.outcome).toBe('timed_out');
    expect(slow.result.durationMs).toBeGreaterThanOrEqual(1000);
    expect(slow.result.durationMs).toBeLessThan(4000);
    await pool.close();
  });

  it('gives a run its own budgets, however large (the harness lowers the limits the sandbox started with)', async () => {
    const pool = newPool();
    const tool =
      'import resource\nfrom skriptoteket_toolkit import read_inputs\ndef run_tool(i, o):\n    return {"outputs": [{"kind": "json", "value": [resource.getrlimit(resource.RLIMIT_CPU)[1], resource.getrlimit(resource.RLIMIT_AS)[1]]}]}\n';
    const limits = { cpuSeconds: 3600, wallMs: 60_000, memoryBytes: 1 << 30 };
    await pool.ready({ ...TEST_LIMITS, ...limits }, tool);
    const { doc } = await runIn(pool, tool, limits);
    const [cpu, memory] = doc?.outputs[0]?.value as [number, number];
    expect(cpu).toBeGreaterThanOrEqual(3601);
    expect(cpu).toBeLessThan(3600 + 60);
    expect(memory).toBeGreaterThanOrEqual(1 << 30);
    expect(memory).toBeLessThan((1 << 30) + (1 << 30)); // plus what the pre-imports took, not the spawn headroom
    await pool.close();
  });

  it("a run's core is chosen at the hand-over, shared with cold runs: runs one after another take them in turn", async () => {
    const pool = newPool();
    const tool = attackTool(`obs["cpu"] = {"ok": True, "value": sorted(os.sched_getaffinity(0))}`);
    const cores: string[] = [];
    for (let i = 0; i < 2; i++) {
      await pool.ready(TEST_LIMITS, tool);
      const hits = counts.hits;
      const { obs } = await runIn(pool, tool);
      expect(counts.hits).toBe(hits + 1);
      expect(obs.cpu!.value).toHaveLength(1);
      cores.push(JSON.stringify(obs.cpu!.value));
      // A cold run in between counts too: pinned when they started, both pooled runs would share a core.
      cores.push(JSON.stringify((await runIn(cold, tool)).obs.cpu!.value));
    }
    if (os.availableParallelism() >= 2)
      for (let i = 1; i < cores.length; i++) expect(cores[i]).not.toBe(cores[i - 1]);
    await pool.close();
  });

  it('a pooled run and a cold run at the same time are on different cores', async () => {
    const pool = newPool();
    const tool = attackTool(
      `obs["cpu"] = {"ok": True, "value": sorted(os.sched_getaffinity(0))}\ntime.sleep(1.5)`,
    );
    await pool.ready(TEST_LIMITS, tool);
    const hits = counts.hits;
    const [pooled, coldRun] = await Promise.all([runIn(pool, tool), runIn(cold, tool)]);
    expect(counts.hits).toBe(hits + 1);
    const both = [pooled, coldRun].map(({ obs }) => JSON.stringify(obs.cpu!.value));
    expect(new Set(both).size).toBe(Math.min(2, os.availableParallelism()));
    await pool.close();
  });

  it('the memory limit holds in a sandbox that pre-imported libraries', async () => {
    const pool = newPool();
    const tool =
      'import pandas\ndef run_tool(i, o):\n    block = bytearray(700 * 1024 * 1024)\n    return str(len(block))\n';
    await pool.ready(TEST_LIMITS, tool);
    const { result, doc } = await runIn(pool, tool, { memoryBytes: 512 << 20 });
    expect(result.stderr).toContain('MemoryError');
    expect(doc?.status).toBe('failed');
    await pool.close();
  });

  it('a sandbox killed while it waits is replaced, and the run that takes it runs cold', async () => {
    const pool = newPool(1, true);
    const tool = 'def run_tool(i, o):\n    return "<p>hej</p>"\n';
    await pool.ready(TEST_LIMITS, tool);
    const run = await staged(tool);
    for (const pid of sandboxInits()) process.kill(pid, 'SIGKILL');
    // In the same tick: the pool hands the run to the dead sandbox before it can have seen the death.
    const { result, doc } = await run(pool);
    expect(result.exitCode).toBe(0);
    expect(doc?.status).toBe('succeeded');
    await pool.ready(TEST_LIMITS, tool);
    expect((await runIn(pool, tool)).doc?.status).toBe('succeeded');
    await pool.close();
  });

  it('a sandbox killed during its run ends that run, leaves nothing behind, and the pool goes on', async () => {
    const pool = newPool();
    const tool = 'import time\ndef run_tool(i, o):\n    time.sleep(30)\n';
    await pool.ready(TEST_LIMITS, tool);
    const running = runIn(pool, tool);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const pid of sandboxInits()) process.kill(pid, 'SIGKILL');
    const { result } = await running;
    expect(result.outcome).toBe('killed');
    expect(processesInUidRange(UIDS)).toEqual([]);
    const next = 'def run_tool(i, o):\n    return "<p>hej</p>"\n';
    await pool.ready(TEST_LIMITS, next);
    expect((await runIn(pool, next)).doc?.status).toBe('succeeded');
    await pool.close();
  });

  it('an empty pool never makes a run wait: 6 runs at once on a pool of 1 all succeed', async () => {
    const pool = newPool(1, true);
    const tool = 'def run_tool(i, o):\n    return "<p>hej</p>"\n';
    await pool.ready(TEST_LIMITS, tool);
    const before = { ...counts };
    const results = await Promise.all(Array.from({ length: 6 }, () => runIn(pool, tool)));
    expect(results.map((r) => r.doc?.status)).toEqual(Array(6).fill('succeeded'));
    expect(counts.hits - before.hits).toBeGreaterThanOrEqual(1);
    expect(counts.hits - before.hits + counts.misses - before.misses).toBe(6);
    await pool.close();
    expect(pool.idleCount()).toBe(0);
    expect(processesInUidRange(UIDS)).toEqual([]);
    expect(fs.readdirSync(path.join(parent, 'pool'))).toEqual([]);
    await pool.close();
  });

  it('drains when the library folders change, and again when a sandbox outlives its TTL', async () => {
    const pool = newPool(1, true, 1500);
    const tool = 'def run_tool(i, o):\n    return "<p>hej</p>"\n';
    await pool.ready(TEST_LIMITS, tool);
    const [first] = processesInUidRange(UIDS);
    fs.writeFileSync(path.join(libraries, 'ny_modul.py'), 'X = 1\n');
    await expect.poll(() => processesInUidRange(UIDS).includes(first!), { timeout: 10_000 }).toBe(false);
    await pool.ready(TEST_LIMITS, tool);
    const [second] = processesInUidRange(UIDS);
    await expect.poll(() => processesInUidRange(UIDS).includes(second!), { timeout: 10_000 }).toBe(false);
    await pool.close();
  });
});
