import { describe, expect, it } from 'vitest';
import { executorWorld, queuedRun } from '../../test/fakes/runs.fakes';
import { sandboxResult } from '../../test/fakes/sandbox.fakes';
import { RunExecutor } from './run-executor';

const SNAPSHOT = {
  sourceCode: 'def run_tool(i, o):\n    return "ok"\n',
  entrypoint: 'run_tool',
  inputSchema: [],
  settingsSchema: [],
};
const succeeded = (extra: object = {}) =>
  JSON.stringify({
    contract_version: 2,
    status: 'succeeded',
    error_summary: null,
    outputs: [],
    next_actions: [],
    state: null,
    artifacts: [],
    ...extra,
  });

function setUp(answer: Parameters<typeof executorWorld>[0]) {
  const world = executorWorld(answer);
  world.tools.snapshots.set('v1', SNAPSHOT);
  return { ...world, executor: new RunExecutor(world.deps) };
}

describe('the run executor', () => {
  it('takes the oldest queued run, runs it in the sandbox and stores the result; false when none waits', async () => {
    const world = setUp(async () =>
      sandboxResult(succeeded({ outputs: [{ kind: 'notice', level: 'info', message: 'klart' }] })),
    );
    const run = queuedRun();
    await world.runs.insert(run);
    expect(await world.executor.executeNext('w#0')).toBe(true);
    const stored = world.runs.rows.get(run.id)!;
    expect(stored).toMatchObject({ status: 'succeeded', errorCode: null, attempt: 1, workerId: 'w#0' });
    expect(world.events.published.map((e) => e.status)).toEqual(['running', 'succeeded']);
    expect(world.workspace.cleaned).toBe(1);
    expect(await world.executor.executeNext('w#0')).toBe(false);
  });

  it('fails the run as a platform error, logs the cause with the run id and counts it when the sandbox cannot start', async () => {
    const world = setUp(async () => {
      throw new Error('bwrap: not installed');
    });
    const run = queuedRun();
    await world.runs.insert(run);
    await world.executor.executeNext('w#0');
    expect(world.runs.rows.get(run.id)).toMatchObject({ status: 'failed', errorCode: 'platform_error' });
    expect(world.metrics.platformFailures).toEqual(['execute']);
    const line = world.log.lines.find((l) => l.level === 'error')!;
    expect(line.message).toBe('run failed inside the platform');
    expect(line.fields).toMatchObject({ runId: run.id, toolId: 'tool-1' });
    expect(String(line.fields['err'])).toContain('bwrap: not installed');
    expect(world.events.published.at(-1)).toEqual({ runId: run.id, status: 'failed' });
  });

  it('fails the run as a platform error when an upload is missing from the file store, and runs nothing', async () => {
    const world = setUp(async () => sandboxResult(succeeded()));
    const run = queuedRun({ inputFiles: [{ name: 'klass.csv', bytes: 3 }] });
    await world.runs.insert(run);
    await world.executor.executeNext('w#0');
    expect(world.runs.rows.get(run.id)).toMatchObject({ status: 'failed', errorCode: 'platform_error' });
    expect(world.sandbox.jobs).toHaveLength(0);
  });

  it('copies uploads into the run folder by path, never through memory', async () => {
    const world = setUp(async () => sandboxResult(succeeded()));
    const run = queuedRun({ inputFiles: [{ name: 'klass.csv', bytes: 3 }] });
    world.files.files.set(`runs/${run.id}/input/klass.csv`, Buffer.from('a,b'));
    await world.runs.insert(run);
    await world.executor.executeNext('w#0');
    expect(world.workspace.prepared[0]!.files).toEqual([{ name: 'klass.csv', copyTo: expect.any(Function) }]);
    expect(world.runs.rows.get(run.id)?.status).toBe('succeeded');
  });

  it('waits out a database that is restarting and then stores the result', async () => {
    const world = setUp(async () => sandboxResult(succeeded()));
    const run = queuedRun();
    await world.runs.insert(run);
    world.runs.outage.remaining = 2;
    await world.executor.executeNext('w#0');
    expect(world.runs.rows.get(run.id)?.status).toBe('succeeded');
    expect(world.log.lines.filter((l) => l.message === 'storing a run result failed; retrying')).toHaveLength(
      2,
    );
    expect(world.metrics.platformFailures).toEqual([]);
  });

  it('gives up on a database that stays away without throwing: logged, counted, left to the lease reaper', async () => {
    const world = setUp(async () => sandboxResult(succeeded()));
    const run = queuedRun();
    await world.runs.insert(run);
    world.runs.outage.remaining = 100;
    await expect(world.executor.executeNext('w#0')).resolves.toBe(true);
    expect(world.runs.rows.get(run.id)?.status).toBe('running');
    expect(world.metrics.platformFailures).toEqual(['record']);
    expect(world.log.lines.at(-1)).toMatchObject({ level: 'error', fields: { runId: run.id } });
  });

  it('stops the sandbox when the run is cancelled meanwhile and keeps none of its files', async () => {
    const world = setUp(
      (job) =>
        new Promise((resolve) => {
          job.signal!.addEventListener('abort', () => resolve(sandboxResult(null, { outcome: 'cancelled' })));
        }),
    );
    world.workspace.output = {
      files: [{ relPath: 'halv.txt', bytes: 4, absPath: '/fake/run/output/halv.txt' }],
    };
    const run = queuedRun();
    await world.runs.insert(run);
    const executing = world.executor.executeNext('w#0');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await world.runs.cancel(run.id, new Date());
    await world.events.publish({ runId: run.id, status: 'cancelled' });
    await executing;
    expect(world.runs.rows.get(run.id)?.status).toBe('cancelled');
    expect([...world.files.files.keys()].filter((key) => key.includes('/output/'))).toEqual([]);
  });

  it('stops the sandbox when a lease renewal finds the run no longer ours (a missed cancel event)', async () => {
    const world = setUp(
      (job) =>
        new Promise((resolve) => {
          job.signal!.addEventListener('abort', () => resolve(sandboxResult(null, { outcome: 'cancelled' })));
        }),
    );
    const run = queuedRun();
    await world.runs.insert(run);
    const executing = world.executor.executeNext('w#0');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await world.runs.cancel(run.id, new Date()); // no event published
    await executing;
    expect(world.runs.rows.get(run.id)?.status).toBe('cancelled');
  });

  it('keeps running while lease renewals fail (database away) and logs them', async () => {
    const world = setUp(
      () => new Promise((resolve) => setTimeout(() => resolve(sandboxResult(succeeded())), 700)),
    );
    const run = queuedRun();
    await world.runs.insert(run);
    world.runs.failing.add('renewLease');
    await world.executor.executeNext('w#0');
    expect(world.runs.rows.get(run.id)?.status).toBe('succeeded');
    expect(world.log.lines.some((l) => l.message === 'could not renew the run lease')).toBe(true);
  });

  it('fails source that does not compile as a syntax error without starting a sandbox', async () => {
    const world = setUp(async () => sandboxResult(succeeded()));
    world.deps.syntax = {
      check: async () => ({
        isValid: false,
        errorSummary: 'SyntaxError: invalid syntax (line 1, col 5)',
        error: { message: 'invalid syntax', line: 1, column: 5, text: '' },
      }),
    };
    const executor = new RunExecutor(world.deps);
    const run = queuedRun();
    await world.runs.insert(run);
    await executor.executeNext('w#0');
    expect(world.runs.rows.get(run.id)).toMatchObject({ status: 'failed', errorCode: 'syntax_error' });
    expect(world.sandbox.jobs).toHaveLength(0);
  });

  it('keeps a first run’s uploads for the next steps in a folder of its own and removes the files it replaces', async () => {
    const world = setUp(async () => sandboxResult(succeeded()));
    const key = { toolId: 'tool-1', userId: 'user-1', context: 'default' };
    world.files.files.set('sessions/tool-1/user-1/default/old-run/gammal.csv', Buffer.from('x'));
    await world.sessionFiles.replace(
      key,
      [{ name: 'gammal.csv', bytes: 1, storageKey: 'sessions/tool-1/user-1/default/old-run/gammal.csv' }],
      new Date(),
    );
    const run = queuedRun({ inputFiles: [{ name: 'klass.csv', bytes: 3 }] });
    world.files.files.set(`runs/${run.id}/input/klass.csv`, Buffer.from('a,b'));
    await world.runs.insert(run);
    await world.executor.executeNext('w#0');
    const kept = await world.sessionFiles.list(key);
    expect(kept).toEqual([
      { name: 'klass.csv', bytes: 3, storageKey: `sessions/tool-1/user-1/default/${run.id}/klass.csv` },
    ]);
    expect(world.files.files.has(kept[0]!.storageKey)).toBe(true);
    expect(world.files.files.has('sessions/tool-1/user-1/default/old-run/gammal.csv')).toBe(false);
  });
});
