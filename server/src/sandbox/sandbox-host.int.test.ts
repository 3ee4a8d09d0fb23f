import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Logger } from '../shared/ports';
import { prepareRunDir } from './run-dir';
import { SandboxHost } from './sandbox-host';
import {
  CONTRACT_ENV,
  processesInUidRange,
  PYTHON,
  RUNNER_DIR,
  TEST_LIMITS,
  TEST_PRELOAD,
} from './sandbox.test-kit';

/**
 * The sandbox host (sandbox-host.ts): runs' sandboxes started by a child process of the server. Runs go through
 * it with their results, cancels reach it, a host that dies fails only its runs and is started again, and
 * nothing outlives it.
 */
const UIDS: [number, number] = [322_000, 323_000];
const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-host-test-'));
fs.chmodSync(parent, 0o711);
const logged: { level: string; msg: string }[] = [];
const log: Logger = {
  debug: (_f, msg) => logged.push({ level: 'debug', msg }),
  info: (_f, msg) => logged.push({ level: 'info', msg }),
  warn: (_f, msg) => logged.push({ level: 'warn', msg }),
  error: (_f, msg) => logged.push({ level: 'error', msg }),
  fatal: (_f, msg) => logged.push({ level: 'fatal', msg }),
  child: () => log,
};
const pool = { hits: 0, misses: 0 };
const failures: Error[] = [];
const host = new SandboxHost({
  sandbox: { python: PYTHON, runnerDir: RUNNER_DIR, uidRange: UIDS },
  pool: { size: 1, ttlMs: 600_000, preload: TEST_PRELOAD, slotParent: path.join(parent, 'pool') },
  log,
  observer: {
    hit: () => (pool.hits += 1),
    miss: () => (pool.misses += 1),
    refilled: () => undefined,
    refillFailed: () => undefined,
    idle: () => undefined,
  },
  onHostFailure: (error) => failures.push(error),
});

async function run(source: string, signal?: AbortSignal) {
  const staged = await prepareRunDir(parent, { sourceCode: source, memory: { settings: {} }, files: [] });
  try {
    const result = await host.run({ runDir: staged.runDir, env: CONTRACT_ENV, limits: TEST_LIMITS, signal });
    return { result, files: fs.readdirSync(path.join(staged.runDir, 'output')) };
  } finally {
    await staged.cleanup();
  }
}

const WRITES_A_FILE = [
  'def run_tool(input_dir, output_dir):',
  '    print("hej från verktyget")',
  '    open(output_dir + "/svar.txt", "w").write("ok")',
  '    return "<p>klart</p>"',
  '',
].join('\n');

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

afterAll(async () => {
  await host.close();
  fs.rmSync(parent, { recursive: true, force: true });
});

describe('SandboxHost', () => {
  it('runs a tool in a sandbox started by the host and hands back its output, files and result', async () => {
    await host.selfCheck();
    expect(host.pid).toBeGreaterThan(0);
    expect(host.pid).not.toBe(process.pid);

    const { result, files } = await run(WRITES_A_FILE);

    expect(result.outcome).toBe('exited');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('hej från verktyget');
    expect(JSON.parse(result.resultJson!)).toMatchObject({ status: 'succeeded' });
    expect(files).toEqual(['svar.txt']);
  });

  it('uses the warm pool inside the host and reports its hits to this process', async () => {
    host.warm(TEST_LIMITS);
    const before = pool.hits;
    // The pool fills in the host; a run once a sandbox waits there is a hit.
    let result;
    for (let attempt = 0; attempt < 50 && pool.hits === before; attempt++) {
      result = (await run(WRITES_A_FILE)).result;
      if (pool.hits === before) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(pool.hits).toBeGreaterThan(before);
    expect(result?.outcome).toBe('exited');
  });

  it('cancels a run in the host when the caller aborts', async () => {
    const abort = new AbortController();
    const running = run('import time\ndef run_tool(i, o):\n    time.sleep(60)\n', abort.signal);
    setTimeout(() => abort.abort(), 500);
    const { result } = await running;
    expect(result.outcome).toBe('cancelled');
  });

  it('fails only the runs of a host that dies, leaves no sandbox behind, and starts a new host for the next run', async () => {
    const handedOver = pool.hits + pool.misses;
    const running = run('import time\ndef run_tool(i, o):\n    time.sleep(60)\n');
    // The host reports a hit or a miss as it hands the run to a sandbox.
    await until(() => pool.hits + pool.misses > handedOver);
    const firstPid = host.pid!;
    process.kill(firstPid, 'SIGKILL');

    await expect(running).rejects.toThrow(/sandbox host ended/);
    expect(failures).toHaveLength(1);
    // bubblewrap's --die-with-parent takes every sandbox of the dead host down with it.
    await until(() => processesInUidRange(UIDS).length === 0, 10_000);

    const { result } = await run(WRITES_A_FILE);
    expect(result.outcome).toBe('exited');
    expect(host.pid).not.toBe(firstPid);
  });

  it('stops the host and every waiting sandbox on close', async () => {
    const other = new SandboxHost({
      sandbox: { python: PYTHON, runnerDir: RUNNER_DIR, uidRange: [323_000, 324_000] },
      pool: { size: 1, ttlMs: 600_000, preload: [], slotParent: path.join(parent, 'pool2') },
      log,
    });
    other.warm(TEST_LIMITS);
    await until(() => processesInUidRange([323_000, 324_000]).length > 0);
    const pid = other.pid!;

    await other.close();

    expect(() => process.kill(pid, 0)).toThrow();
    await until(() => processesInUidRange([323_000, 324_000]).length === 0, 10_000);
    expect((await run(WRITES_A_FILE)).result.outcome).toBe('exited'); // the first host is unaffected
  });

  it("builds matplotlib's font cache for its sandboxes, and counts a failed build as background work", async () => {
    const cacheDir = path.join(parent, 'cache');
    const shared = path.join(parent, 'shared-cache');
    fs.mkdirSync(shared, { mode: 0o777 });
    fs.chmodSync(shared, 0o777); // another user could write it
    const backgroundFailures: string[] = [];
    const hosts = [cacheDir, shared].map(
      (dir, i) =>
        new SandboxHost({
          sandbox: {
            python: PYTHON,
            runnerDir: RUNNER_DIR,
            uidRange: [324_000 + i * 500, 324_500 + i * 500],
            cacheDir: dir,
          },
          pool: { size: 1, ttlMs: 600_000, preload: [], slotParent: path.join(parent, `pool-cache-${i}`) },
          log,
          onBackgroundFailure: (job) => backgroundFailures.push(job),
        }),
    );
    try {
      for (const other of hosts) other.warm(TEST_LIMITS);
      await until(() => logged.some((line) => line.msg.includes("built matplotlib's font cache")));
      await until(() => backgroundFailures.length > 0);
      expect(backgroundFailures).toEqual(['font-cache']);

      const staged = await prepareRunDir(parent, {
        sourceCode: 'import os\ndef run_tool(i, o):\n    return " ".join(sorted(os.listdir("/tmp/home")))\n',
        memory: { settings: {} },
        files: [],
      });
      try {
        const result = await hosts[0]!.run({ runDir: staged.runDir, env: CONTRACT_ENV, limits: TEST_LIMITS });
        expect(JSON.parse(result.resultJson!).outputs[0].html).toMatch(/^\.cache fontlist-v\d+\.json$/);
      } finally {
        await staged.cleanup();
      }
    } finally {
      await Promise.all(hosts.map((other) => other.close()));
    }
  });
});
