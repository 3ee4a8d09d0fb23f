import { afterEach, describe, expect, it, vi } from 'vitest';
import { queuedRun } from '../../test/fakes/runs.fakes';
import { silentLogger } from '../shared/ports';
import { RunEventBus } from './run-events';

const run = (id: string) =>
  queuedRun({ id, toolId: 'tool-1', versionId: 'version-1', requestedBy: 'user-1' });

describe('what the run event bus remembers of runs it saw whole', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps a run queued here until a worker here claims it, and forgets it once it has finished', async () => {
    const bus = new RunEventBus(undefined, undefined, silentLogger);
    const queued = { run: run('r1'), stateRev: 0 };
    bus.noteQueued(queued);
    expect(bus.latest('r1')).toEqual(queued);
    const claimed = { run: { ...queued.run, status: 'running' as const, attempt: 1 }, stateRev: 2 };
    await bus.publish({ runId: 'r1', status: 'running', claimed });
    expect(bus.latest('r1')).toEqual(claimed);
    // A finished run's record may hold megabytes of output: never kept, and nothing older is shown instead.
    const final = { run: { ...claimed.run, status: 'succeeded' as const }, artifacts: [], stateRev: 3 };
    await bus.publish({ runId: 'r1', status: 'succeeded', final });
    expect(bus.latest('r1')).toBeUndefined();
    bus.noteQueued(queued);
    expect(bus.latest('r1')).toBeUndefined();
    expect(bus.latest('unknown')).toBeUndefined();
  });

  it('never puts a queued run back over what a worker stored of it already', async () => {
    const bus = new RunEventBus(undefined, undefined, silentLogger);
    const claimed = { run: { ...run('r1'), status: 'running' as const, attempt: 1 }, stateRev: 0 };
    await bus.publish({ runId: 'r1', status: 'running', claimed });
    bus.noteQueued({ run: run('r1'), stateRev: 0 });
    expect(bus.latest('r1')).toEqual(claimed);
  });

  it('forgets a run when a change of it comes without its record (cancel, reaper), and stays so', async () => {
    const bus = new RunEventBus(undefined, undefined, silentLogger);
    bus.noteQueued({ run: run('r1'), stateRev: 0 });
    await bus.publish({ runId: 'r1', status: 'cancelled' });
    expect(bus.latest('r1')).toBeUndefined();
    bus.noteQueued({ run: run('r1'), stateRev: 0 });
    expect(bus.latest('r1')).toBeUndefined();
  });

  it('remembers for 30 seconds, and at most 1000 runs, the oldest going first', () => {
    vi.useFakeTimers();
    const bus = new RunEventBus(undefined, undefined, silentLogger);
    bus.noteQueued({ run: run('old'), stateRev: 0 });
    vi.advanceTimersByTime(29_000);
    expect(bus.latest('old')).toBeDefined();
    vi.advanceTimersByTime(2_000);
    expect(bus.latest('old')).toBeUndefined();
    for (let i = 0; i < 1_001; i++) bus.noteQueued({ run: run(`r${i}`), stateRev: 0 });
    expect(bus.latest('r0')).toBeUndefined();
    expect(bus.latest('r1')).toBeDefined();
    expect(bus.latest('r1000')).toBeDefined();
  });
});
