import type PgBoss from 'pg-boss';
import { RUN_QUEUE, type QueueWakeup } from './pg-boss.queue';
import type { RunExecutor } from './run-executor';

/**
 * Takes runs off the queue, `concurrency` at a time, and hands each to the executor. Used inside the web
 * process (embedded mode) and by standalone `skriptoteket worker` processes alike.
 */
export class RunWorker {
  private readonly workerIds: string[] = [];
  private readonly shutdown = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stopWake: (() => void) | undefined;

  constructor(
    private readonly deps: { boss: PgBoss; executor: RunExecutor; wakeup: QueueWakeup; name: string },
  ) {}

  async start(concurrency: number): Promise<void> {
    const { boss, executor, wakeup, name } = this.deps;
    for (let slot = 0; slot < concurrency; slot++) {
      const workerName = `${name}#${slot}`;
      let id = '';
      id = await boss.work<{ runId: string }>(
        RUN_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: 2 },
        async ([job]) => {
          if (!job) return;
          const execution = executor.execute(job.data.runId, workerName, this.shutdown.signal);
          this.inFlight.add(execution);
          try {
            await execution;
          } finally {
            this.inFlight.delete(execution);
            // pg-boss would otherwise sleep a polling interval after every job, even with a backlog waiting.
            boss.notifyWorker(id);
          }
        },
      );
      this.workerIds.push(id);
    }
    this.stopWake = wakeup.onWake(() => this.wake());
  }

  wake(): void {
    for (const id of this.workerIds) this.deps.boss.notifyWorker(id);
  }

  /** Stops taking new runs; runs in flight get `graceMs` to finish, then their sandboxes are killed. */
  async stop(graceMs: number): Promise<void> {
    this.stopWake?.();
    await this.deps.boss.offWork(RUN_QUEUE).catch(() => undefined);
    const timer = setTimeout(() => this.shutdown.abort(), graceMs);
    await Promise.allSettled([...this.inFlight]);
    clearTimeout(timer);
  }
}
