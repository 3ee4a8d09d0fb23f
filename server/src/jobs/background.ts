import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../shared/ports';

/**
 * Periodic work inside a server or worker process (the lease reaper, retention). A failing round is logged and
 * counted in `skriptoteket_background_failures_total{job}` and tried again at the next interval; it never
 * reaches the process. A round that is still running when the next is due is not started twice.
 */
export class BackgroundJobs {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly failures: Counter<'job'>;

  constructor(
    registry: Registry,
    private readonly log: Logger,
  ) {
    this.failures = new Counter({
      name: 'skriptoteket_background_failures_total',
      help: 'Failed background work (reaper, retention, worker slots, NOTIFY to other processes, unhandled rejections)',
      labelNames: ['job'],
      registers: [registry],
    });
  }

  every(job: string, intervalMs: number, work: () => Promise<void>): void {
    let isRunning = false;
    const timer = setInterval(() => {
      if (isRunning) return;
      isRunning = true;
      work()
        .catch((error: unknown) => this.failed(job, error))
        .finally(() => {
          isRunning = false;
        });
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  /** Records a failure of background work that runs on its own schedule. */
  failed(job: string, error: unknown): void {
    this.failures.inc({ job });
    this.log.error({ err: error, job }, 'background work failed');
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }
}
