import { afterEach, describe, expect, it } from 'vitest';
import { RecordingLogger, RecordingMetrics } from '../../test/fakes/runs.fakes';
import type { ClaimedRun } from '../runs/runs.ports';
import { RunWorker, type RunWorkerDeps } from './run-worker';

/** A queue of scripted answers: true (ran one), false (none waiting), or an Error (database away). */
function scriptedExecutor(script: (boolean | Error)[]) {
  const calls: string[] = [];
  return {
    calls,
    executeNext: async (workerId: string) => {
      calls.push(workerId);
      const next = script.shift() ?? false;
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const until = async (check: () => boolean, ms = 3000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** Reserves a slot as soon as one is idle (the caller must give or release it, or stop would wait for it). */
const untilReserved = async (worker: RunWorker) => {
  let slot: ReturnType<RunWorker['reserveSlot']> = null;
  await until(() => (slot = worker.reserveSlot()) !== null);
  return slot!;
};

const workers: RunWorker[] = [];
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop(0);
});

type Executor = RunWorkerDeps['executor'];

function startWorker(
  {
    executor,
    ...deps
  }: Partial<Omit<RunWorkerDeps, 'executor'>> & {
    executor: Pick<Executor, 'executeNext'> & Partial<Pick<Executor, 'executeClaimed'>>;
  },
  concurrency = 1,
) {
  let wake: () => void = () => {};
  const failures: unknown[] = [];
  const worker = new RunWorker({
    executor: { executeClaimed: async () => {}, ...executor },
    wakeup: { onWake: (callback) => ((wake = callback), () => {}) },
    log: new RecordingLogger(),
    metrics: new RecordingMetrics(),
    onSlotFailure: (error) => failures.push(error),
    name: 'w',
    pollMs: 10_000,
    restartDelayMs: 5,
    ...deps,
  });
  worker.start(concurrency);
  workers.push(worker);
  return { worker, wake: () => wake(), failures };
}

describe('the run worker', () => {
  it('sends one idle slot to the queue per queued run, not all of them to race for it', async () => {
    const executor = scriptedExecutor([false, false, false, false]);
    const { wake } = startWorker({ executor }, 4);
    await until(() => executor.calls.length === 4);

    wake();
    await until(() => executor.calls.length === 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(executor.calls).toHaveLength(5);
    wake();
    wake();
    await until(() => executor.calls.length === 7);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(executor.calls).toHaveLength(7);
    expect(new Set(executor.calls.slice(4)).size).toBe(3);
  });

  it('keeps taking runs while there are any, then waits for a wake-up instead of polling', async () => {
    const executor = scriptedExecutor([true, true, false, true, false]);
    const { wake } = startWorker({ executor });
    await until(() => executor.calls.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(executor.calls).toHaveLength(3);
    wake();
    await until(() => executor.calls.length === 4);
    // The run it was woken for is done and no other was announced: no look at an empty queue.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(executor.calls).toHaveLength(4);
  });

  it('looks again after a run when another run was announced meanwhile', async () => {
    let finishRun: (ran: boolean) => void = () => {};
    const calls: string[] = [];
    const executor = {
      executeNext: (id: string) =>
        new Promise<boolean>((resolve) => {
          calls.push(id);
          if (calls.length === 1)
            resolve(false); // start: nothing waiting
          else finishRun = resolve;
        }),
    };
    const { wake } = startWorker({ executor });
    await until(() => calls.length === 1);
    wake();
    await until(() => calls.length === 2);
    wake(); // queued while the first run runs
    finishRun(true);
    await until(() => calls.length === 3);
    finishRun(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(3);
  });

  it('a slot done with its run does not look for a run another slot already looks for', async () => {
    const finishers: ((ran: boolean) => void)[] = [];
    const calls: string[] = [];
    const executor = {
      executeNext: (id: string) =>
        new Promise<boolean>((resolve) => {
          calls.push(id);
          if (calls.length <= 2)
            resolve(false); // start: nothing waiting
          else finishers.push(resolve);
        }),
    };
    const { wake } = startWorker({ executor }, 2);
    await until(() => calls.length === 2);
    wake();
    wake();
    await until(() => calls.length === 4); // both slots run a run
    wake(); // a third run is queued while both are busy
    finishers[0]!(true);
    await until(() => calls.length === 5); // the first slot done looks for it
    finishers[1]!(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(5); // the second does not look for the same run
    finishers[2]!(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(5);
  });

  it('survives a database that is away: logs, counts, backs off and goes on when it is back', async () => {
    const down = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const executor = scriptedExecutor([down, down, true, false]);
    const log = new RecordingLogger();
    const metrics = new RecordingMetrics();
    startWorker({ executor, log, metrics });
    await until(() => executor.calls.length === 4, 5000);
    expect(metrics.platformFailures).toEqual(['claim', 'claim']);
    expect(log.lines.filter((l) => l.message === 'could not take a run from the queue')).toHaveLength(2);
  });

  it('restarts a slot that failed outside its own error handling, and reports it', async () => {
    const executor = scriptedExecutor([new Error('db'), true, false]);
    let hasThrown = false;
    const log = new RecordingLogger();
    log.warn = () => {
      if (!hasThrown) {
        hasThrown = true;
        throw new Error('logger broke');
      }
    };
    const { failures } = startWorker({ executor, log });
    await until(() => executor.calls.length === 3);
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain('logger broke');
  });

  it('does not lose a wake-up that arrives while a slot is looking at the queue', async () => {
    let wakeDuringCall: () => void = () => {};
    let calls = 0;
    const executor = {
      executeNext: async () => {
        calls += 1;
        await Promise.resolve();
        if (calls === 1) wakeDuringCall();
        return false;
      },
    };
    const started = startWorker({ executor });
    wakeDuringCall = started.wake;
    await until(() => calls === 2, 1000);
  });

  it('hands a run straight to an idle slot it reserved: the slot runs it and no other run, then waits again', async () => {
    const executor = scriptedExecutor([false]);
    const handed: string[] = [];
    let finishRun: () => void = () => {};
    const executeClaimed = (claimed: ClaimedRun) =>
      new Promise<void>((resolve) => {
        handed.push(claimed.run.id);
        finishRun = resolve;
      });
    const { worker, wake } = startWorker({ executor: { ...executor, executeClaimed }, leaseMs: 30_000 });
    await until(() => executor.calls.length === 1);

    const slot = worker.reserveSlot()!;
    expect(slot.workerId).toBe('w#0');
    expect(slot.leaseUntil(new Date(1_000)).getTime()).toBe(31_000);
    // The only slot is held: none for another run, and a wake-up meanwhile waits for it.
    expect(worker.reserveSlot()).toBeNull();
    wake();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(executor.calls).toHaveLength(1);

    slot.give({ run: { id: 'run-1' }, stateRev: 0 } as unknown as ClaimedRun);
    slot.release(); // after give: nothing more
    await until(() => handed.length === 1);
    expect(handed).toEqual(['run-1']);
    finishRun();
    // Done with it, the slot answers the wake-up that came while it was held, then is idle again.
    await until(() => executor.calls.length === 2);
    const again = await untilReserved(worker);
    again.release();
  });

  it('a released slot looks at the queue once (its run may have gone there) and then waits again', async () => {
    const executor = scriptedExecutor([false, true, false]);
    const { worker } = startWorker({ executor, leaseMs: 30_000 }, 1);
    await until(() => executor.calls.length === 1);
    worker.reserveSlot()!.release();
    await until(() => executor.calls.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(executor.calls).toHaveLength(3);
  });

  it('reserves nothing without a lease to give, while looking at the queue, or once stopping', async () => {
    const executor = scriptedExecutor([false]);
    const withoutLease = startWorker({ executor });
    await until(() => executor.calls.length === 1);
    expect(withoutLease.worker.reserveSlot()).toBeNull();

    const noop = () => {};
    let finishLook: (found: boolean) => void = noop;
    const busy = startWorker({
      executor: {
        // The first look hangs until the test ends it; later ones find nothing at once.
        executeNext: () =>
          finishLook === noop
            ? new Promise<boolean>((resolve) => (finishLook = resolve))
            : Promise.resolve(false),
      },
      leaseMs: 30_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(busy.worker.reserveSlot()).toBeNull();
    finishLook(false);
    (await untilReserved(busy.worker)).release();

    const stopping = startWorker({ executor: scriptedExecutor([false]), leaseMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const stopped = stopping.worker.stop(0);
    expect(stopping.worker.reserveSlot()).toBeNull();
    await stopped;
  });

  it('on stop, lets a run in flight finish within the grace, then aborts it', async () => {
    let aborted = false;
    const executor = {
      executeNext: (_id: string, shutdown?: AbortSignal) =>
        new Promise<boolean>((resolve) => {
          shutdown!.addEventListener('abort', () => {
            aborted = true;
            resolve(true);
          });
        }),
    };
    const { worker } = startWorker({ executor });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    await worker.stop(50);
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
