import type { Logger } from '../shared/ports';
import type { RunExecutor } from './run-executor';
import type { RunMetricsPort } from './run-metrics';
import type { QueueWakeup } from './run-queue';

export interface RunWorkerDeps {
  executor: Pick<RunExecutor, 'executeNext'>;
  wakeup: Pick<QueueWakeup, 'onWake'>;
  log: Logger;
  metrics: Pick<RunMetricsPort, 'platformFailure'>;
  /** Reports a slot that failed outside its own error handling (and was restarted). */
  onSlotFailure: (error: unknown) => void;
  name: string;
  /** An idle slot looks at the queue this often even without a wake-up (a missed NOTIFY only delays). */
  pollMs?: number;
  restartDelayMs?: number;
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
  /** Idle slots, each woken by a wake-up. */
  private readonly waiters = new Set<() => void>();
  /** Slots waiting after a failure to reach the queue: only a stop ends that wait early. */
  private readonly sleepers = new Set<() => void>();
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
    first?.();
  }

  /** Wake-ups no slot has looked at the queue for yet. */
  private get pendingWakes(): number {
    return this.wakes - this.consumedWakes;
  }

  private wakeAll(): void {
    for (const resolve of [...this.waiters, ...this.sleepers]) resolve();
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
        mayHaveBacklog = !(await this.idle(this.deps.pollMs ?? 2000));
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
        await this.idle(delayMs, false);
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
   * Waits for a wake-up (when `isWakeable`), a stop, or `ms`; true when a wake-up ended it (or one was pending).
   */
  private idle(ms: number, isWakeable = true): Promise<boolean> {
    if (this.isStopping) return Promise.resolve(false);
    if (isWakeable && this.pendingWakes > 0) return Promise.resolve(true);
    const waiting = isWakeable ? this.waiters : this.sleepers;
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve(woken);
      };
      const wake = () => done(!this.isStopping);
      const timer = setTimeout(() => done(false), ms);
      waiting.add(wake);
    });
  }
}
