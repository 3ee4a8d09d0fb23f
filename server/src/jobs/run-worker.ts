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
  private readonly waiters = new Set<() => void>();
  private isStopping = false;
  /** Rises on every wake-up, so one that arrives while a slot looks at the queue is not lost. */
  private wakeGeneration = 0;
  private stopWake: (() => void) | undefined;

  constructor(private readonly deps: RunWorkerDeps) {}

  start(concurrency: number): void {
    this.stopWake = this.deps.wakeup.onWake(() => this.wake());
    for (let slot = 0; slot < concurrency; slot++) this.supervise(`${this.deps.name}#${slot}`);
  }

  /**
   * A run was queued: one idle slot looks at the queue (the others would only race it for the same run). A busy
   * slot looks again as soon as it is done, since it saw the wake-up's generation change.
   */
  wake(): void {
    this.wakeGeneration += 1;
    const [first] = this.waiters;
    first?.();
  }

  private wakeAll(): void {
    this.wakeGeneration += 1;
    for (const resolve of [...this.waiters]) resolve();
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

  private async loop(slotName: string): Promise<void> {
    let failures = 0;
    while (!this.isStopping) {
      const generation = this.wakeGeneration;
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
        await this.idle(delayMs, -1);
        continue;
      }
      if (!didRun) await this.idle(this.deps.pollMs ?? 2000, generation);
    }
  }

  /** Waits for a wake-up (or stop) or `ms`; returns at once when one came since `generation`. */
  private idle(ms: number, generation: number): Promise<void> {
    if (this.isStopping || (generation >= 0 && generation !== this.wakeGeneration)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
