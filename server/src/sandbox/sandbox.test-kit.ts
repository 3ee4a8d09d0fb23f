import fs from 'node:fs';
import { expect } from 'vitest';
import os from 'node:os';
import path from 'node:path';
import { BubblewrapSandbox } from './bubblewrap.sandbox';
import { listOutput, prepareRunDir } from './run-dir';
import { silentLogger } from '../shared/ports';
import { PooledSandbox } from './sandbox-pool';
import type { OutputListing, Sandbox, SandboxLimits, SandboxResult } from './sandbox.ports';

/** Helpers for the sandbox integration tests: real bubblewrap, real harness, Debian's interpreter. */

export const RUNNER_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'runner');
export const PYTHON = process.env.SKRIPTOTEKET_PYTHON ?? '/usr/bin/python3';

/**
 * Small limits keep the suite fast; each test may override some. The wall clock is generous so that a busy
 * machine never turns another limit's test into a timeout; tests of the wall clock set their own.
 */
export const TEST_LIMITS: SandboxLimits = {
  wallMs: 20_000,
  memoryBytes: 512 << 20,
  maxProcesses: 32,
  cpuSeconds: 20,
  diskBytes: 32 << 20,
  captureBytes: 200_000,
};

export const CONTRACT_ENV = {
  SKRIPTOTEKET_SCRIPT_PATH: '/work/script.py',
  SKRIPTOTEKET_ENTRYPOINT: 'run_tool',
  SKRIPTOTEKET_INPUT_DIR: '/work/input',
  SKRIPTOTEKET_OUTPUT_DIR: '/work/output',
  SKRIPTOTEKET_RESULT_PATH: '/work/result.json',
  SKRIPTOTEKET_MEMORY_PATH: '/work/memory.json',
  SKRIPTOTEKET_INPUTS: '{}',
  SKRIPTOTEKET_INPUT_MANIFEST: '{"files":[]}',
};

/**
 * A tool whose body (Python, indented by 4 inside run_tool) records observations in the dict `obs`;
 * `attempt(fn)` runs fn and records either its value or the exception's class and errno.
 */
export function attackTool(body: string): string {
  const indented = body
    .trim()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `import errno, json, os, socket, subprocess, sys, time

def attempt(fn):
    try:
        value = fn()
        return {"ok": True, "value": value if isinstance(value, (str, int, float, bool, type(None), list, dict)) else repr(value)}
    except BaseException as e:
        return {"ok": False, "error": type(e).__name__, "errno": getattr(e, "errno", None), "msg": str(e)[:300]}

def run_tool(input_dir, output_dir):
    obs = {}
${indented}
    return {"outputs": [{"kind": "json", "value": obs}]}
`;
}

export interface Attempt {
  ok: boolean;
  value?: unknown;
  error?: string;
  errno?: number | null;
  msg?: string;
}

export interface RunOutcome {
  result: SandboxResult;
  listing: OutputListing;
  /** result.json, parsed (null when there is none). */
  resultDoc: { status: string; error_summary: string | null; outputs: { value?: unknown }[] } | null;
  /** The tool's `obs` dict (attackTool), or {}. */
  obs: Record<string, Attempt & Record<string, unknown>>;
  runDir: string;
}

export interface RunOptions {
  limits?: Partial<SandboxLimits>;
  files?: { name: string; data: Buffer }[];
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Keep the run dir (removed by close()) to inspect it afterwards. */
  isKept?: boolean;
}

let isPooled = false;

/**
 * From now on, kits in this test file run every tool in a pooled sandbox (started beforehand and waiting, see
 * sandbox-pool.ts) instead of a cold one, with uids of their own range. A `*.pooled.int.test.ts` file calls this
 * and then imports a suite, so that each attack runs once cold and once pooled.
 */
export function usePooledSandboxes(): void {
  isPooled = true;
}

/** The uid range [base, base + 1000) of a test file; pooled runs use another, so both suites can run at once. */
export function testUidRange(base: number): [number, number] {
  const from = base + (isPooled ? 100_000 : 0);
  return [from, from + 1000];
}

/** The modules pooled test sandboxes pre-import for tools that import any of them. */
export const TEST_PRELOAD = ['pandas', 'openpyxl', 'docx', 'skriptoteket_toolkit'];

/** A sandbox with its own uid range (so leftovers can be attributed) and a scratch parent for run dirs. */
export function sandboxKit(uidRange: [number, number], options: { testSetupDelayMs?: number } = {}) {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-sandbox-test-'));
  fs.chmodSync(parent, 0o711);
  const cold = new BubblewrapSandbox({ python: PYTHON, runnerDir: RUNNER_DIR, uidRange, ...options });
  let hits = 0;
  const pool = isPooled
    ? new PooledSandbox(cold, {
        size: 1,
        ttlMs: 600_000,
        preload: TEST_PRELOAD,
        slotParent: path.join(parent, 'pool'),
        log: silentLogger,
        observer: { ...ignoreObserver, hit: () => (hits += 1) },
        isKeptFull: false,
      })
    : null;
  const sandbox = pool ?? cold;

  async function run(sourceCode: string, options: RunOptions = {}): Promise<RunOutcome> {
    const staged = await prepareRunDir(parent, {
      sourceCode,
      memory: { settings: {} },
      files: options.files ?? [],
    });
    try {
      const limits = { ...TEST_LIMITS, ...options.limits };
      await pool?.ready(limits, sourceCode);
      const hitsBefore = hits;
      const result = await sandbox.run({
        runDir: staged.runDir,
        env: { ...CONTRACT_ENV, ...options.env },
        limits,
        signal: options.signal,
      });
      if (pool && hits !== hitsBefore + 1) {
        // Cancelled before it started (a loaded machine): the waiting sandbox was not used; stop it.
        if (options.signal?.aborted) await pool.drainIdle();
        else throw new Error('the run did not get a pooled sandbox');
      }
      const listing = await listOutput(staged.runDir);
      const resultDoc = result.resultJson ? (JSON.parse(result.resultJson) as RunOutcome['resultDoc']) : null;
      const obs = (resultDoc?.outputs[0]?.value ?? {}) as RunOutcome['obs'];
      return { result, listing, resultDoc, obs, runDir: staged.runDir };
    } finally {
      if (!options.isKept) await staged.cleanup();
    }
  }

  /** Pooled: waits until a sandbox for this source waits (so a test's own timing starts with the run). */
  async function warm(sourceCode: string, limits: Partial<SandboxLimits> = {}): Promise<void> {
    await pool?.ready({ ...TEST_LIMITS, ...limits }, sourceCode);
  }

  return {
    sandbox,
    pool,
    warm,
    parent,
    run,
    close: async () => {
      await pool?.close();
      fs.rmSync(parent, { recursive: true, force: true });
    },
  };
}

const ignoreObserver = { hit() {}, miss() {}, refilled() {}, refillFailed() {}, idle() {} };
/** Pids of processes (zombies included) whose real uid lies in [from, to). */
export function processesInUidRange([from, to]: [number, number]): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (uid >= from && uid < to) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * Runs `sourceCode` once through `sandbox` (in a waiting sandbox of `pool` when given) over a run dir staged under
 * `parent`; expects it to succeed and returns the value of its first output. `inspect` sees the run dir before
 * it is removed.
 */
export async function valueOfRun<T>(
  sandbox: Sandbox,
  parent: string,
  sourceCode: string,
  options: { pool?: PooledSandbox; inspect?: (runDir: string) => Promise<void> } = {},
): Promise<T> {
  const staged = await prepareRunDir(parent, { sourceCode, memory: { settings: {} }, files: [] });
  try {
    await options.pool?.ready(TEST_LIMITS, sourceCode);
    const result = await sandbox.run({ runDir: staged.runDir, env: CONTRACT_ENV, limits: TEST_LIMITS });
    const doc = JSON.parse(result.resultJson ?? 'null') as { status: string; outputs: { value: T }[] } | null;
    expect(doc?.status, result.stderr).toBe('succeeded');
    await options.inspect?.(staged.runDir);
    return doc!.outputs[0]!.value;
  } finally {
    await staged.cleanup();
  }
}
