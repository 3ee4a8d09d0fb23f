import type { ClaimedRun, SlotReservation } from '../runs/runs.ports';
import type { Logger } from '../shared/ports';
import type { RunExecutor } from './run-executor';
import type { RunMetricsPort } from './run-metrics';
import type { QueueWakeup } from './run-queue';

export interface RunWorkerDeps {
  executor: Pick<RunExecutor, 'executeNext' | 'executeClaimed'>;
  wakeup: Pick<QueueWakeup, 'onWake'>;
  log: Logger;
  metrics: Pick<RunMetricsPort, 'platformFailure'>;
  /** Reports a slot that failed outside its own error handling (and was restarted). */
  onSlotFailure: (error: unknown) => void;
  name: string;
  /** An idle slot looks at the queue this often even without a wake-up (a missed NOTIFY only delays). */
  pollMs?: number;
  restartDelayMs?: number;
  /** A run's lease: with it, idle slots can be reserved for runs handed over at their submit (reserveSlot). */
  leaseMs?: number;
}

/** How a slot's wait ended: a wake-up, its poll time (or a stop), or a run handed to it. */
type IdleEnd = { kind: 'woken' | 'timeout' } | { kind: 'run'; claimed: ClaimedRun };

interface Waiter {
  slotName: string;
  end(how: IdleEnd): void;
  stopTimer(): void;
}

/**
 * `concurrency` slots, each taking one run at a time from the queue and handing it to the executor. Used inside
 * the web process (embedded mode) and by standalone `worker` processes alike. A slot survives anything: a
 * database that is away makes it wait and try again with a growing delay, and a slot that fails in a way nothing
 * handled is logged, counted and started again.
 */
export class RunWorker {
  private readonly shutdown = new AbortController();
  private readonly slots = new Set<Promise<void>>();
  /** Idle slots, each woken by a wake-up, or reserved for a run about to be handed over. */
  private readonly waiters = new Set<Waiter>();
  /** Slots waiting after a failure to reach the queue: only a stop ends that wait early. */
  private readonly sleepers = new Set<Waiter>();
  private isStopping = false;
  /**
   * Wake-ups so far, each announcing a queued run (here or in another process), and how many of them are dealt
   * with: taken by a slot that looks for its run, or void because the queue was empty after it came.
   */
  private wakes = 0;
  private consumedWakes = 0;
  private stopWake: (() => void) | undefined;

  constructor(private readonly deps: RunWorkerDeps) {}

  start(concurrency: number): void {
    this.stopWake = this.deps.wakeup.onWake(() => this.wake());
    for (let slot = 0; slot < concurrency; slot++) this.supervise(`${this.deps.name}#${slot}`);
  }

  /**
   * A run was queued: one idle slot looks at the queue (the others would only race it for the same run). A busy
   * slot looks again as soon as it is done, since the wake-up is still pending then.
   */
  wake(): void {
    this.wakes += 1;
    const [first] = this.waiters;
    first?.end({ kind: this.isStopping ? 'timeout' : 'woken' });
  }

  /**
   * Takes an idle slot out of the waiting ones for a run about to be stored as claimed by it: it neither answers
   * wake-ups nor polls until the run is given to it or it is released. Null when no slot is idle or stopping.
   */
  reserveSlot(): SlotReservation | null {
    const { leaseMs } = this.deps;
    const [waiter] = this.waiters;
    if (!waiter || this.isStopping || leaseMs === undefined) return null;
    this.waiters.delete(waiter);
    waiter.stopTimer();
    let isSettled = false;
    const settle = (how: IdleEnd) => {
      if (isSettled) return;
      isSettled = true;
      waiter.end(how);
    };
    return {
      workerId: waiter.slotName,
      leaseUntil: (now) => new Date(now.getTime() + leaseMs),
      give: (claimed) => settle({ kind: 'run', claimed }),
      // It looks at the queue once: the run may have gone there.
      release: () => settle({ kind: 'timeout' }),
    };
  }

  /** Wake-ups no slot has looked at the queue for yet. */
  private get pendingWakes(): number {
    return this.wakes - this.consumedWakes;
  }

  private wakeAll(): void {
    for (const waiter of [...this.waiters, ...this.sleepers]) waiter.end({ kind: 'timeout' });
  }

  /** Stops taking new runs; runs in flight get `graceMs` to finish, then their sandboxes are killed. */
  async stop(graceMs: number): Promise<void> {
    this.isStopping = true;
    this.stopWake?.();
    this.wakeAll();
    const timer = setTimeout(() => this.shutdown.abort(), graceMs);
    await Promise.allSettled([...this.slots]);
    clearTimeout(timer);
  }

  private supervise(slotName: string): void {
    const slot: Promise<void> = this.loop(slotName)
      .catch((error: unknown) => {
        this.deps.onSlotFailure(error);
        this.deps.log.error({ err: error, worker: slotName }, 'a worker slot failed; restarting it');
        if (!this.isStopping) setTimeout(() => this.supervise(slotName), this.deps.restartDelayMs ?? 1000);
      })
      .finally(() => this.slots.delete(slot));
    this.slots.add(slot);
  }

  /**
   * Takes runs until stopped. A slot that looks at the queue for an announced run takes that wake-up, so another
   * slot that is done with its run at the same moment does not look for the same one; after a run it looks again
   * only if another wake-up is pending (looking costs a query, which on the embedded database also holds up the
   * event loop that is delivering the run's result). Runs that no wake-up announced — queued before this process
   * started, or a missed NOTIFY — are found at start and by the poll, and then taken until the queue is empty.
   */
  private async loop(slotName: string): Promise<void> {
    let failures = 0;
    let mayHaveBacklog = true;
    while (!this.isStopping) {
      if (!mayHaveBacklog && this.pendingWakes === 0) {
        const how = await this.idle(slotName, this.deps.pollMs ?? 2000);
        // A run handed over at its submit: stored as this slot's already. It runs even if a stop began meanwhile.
        if (how.kind === 'run') await this.deps.executor.executeClaimed(how.claimed, this.shutdown.signal);
        else mayHaveBacklog = how.kind === 'timeout';
        continue;
      }
      const wakesBefore = this.wakes;
      if (!mayHaveBacklog) this.consumedWakes += 1;
      let didRun: boolean;
      try {
        didRun = await this.deps.executor.executeNext(slotName, this.shutdown.signal);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.deps.metrics.platformFailure('claim');
        const delayMs = Math.min(30_000, 250 * 2 ** Math.min(failures, 7));
        this.deps.log.warn(
          { err: error, worker: slotName, retryInMs: delayMs },
          'could not take a run from the queue',
        );
        await this.idle(slotName, delayMs, false);
        mayHaveBacklog = true;
        continue;
      }
      if (!didRun) {
        // The runs announced before it looked were queued before it looked: other slots or processes took them.
        this.consumedWakes = Math.max(this.consumedWakes, wakesBefore);
        mayHaveBacklog = false;
      }
    }
  }

  /**
   * Waits for a wake-up or a handed-over run (when `isWakeable`), a stop, or `ms`. A wake-up pending already ends
   * it at once.
   */
  private idle(slotName: string, ms: number, isWakeable = true): Promise<IdleEnd> {
    if (this.isStopping) return Promise.resolve({ kind: 'timeout' });
    if (isWakeable && this.pendingWakes > 0) return Promise.resolve({ kind: 'woken' });
    const waiting = isWakeable ? this.waiters : this.sleepers;
    return new Promise((resolve) => {
      const waiter: Waiter = {
        slotName,
        end: (how) => {
          clearTimeout(timer);
          waiting.delete(waiter);
          resolve(how);
        },
        stopTimer: () => clearTimeout(timer),
      };
      const timer = setTimeout(() => waiter.end({ kind: 'timeout' }), ms);
      waiting.add(waiter);
    });
  }
}
