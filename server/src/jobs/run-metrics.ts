import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RunQueue } from '../runs/runs.ports';

/** What the worker side reports about runs; Prometheus in the app, a recorder in unit tests. */
export interface RunMetricsPort {
  started(requestedAt: Date, startedAt: Date): void;
  finishedRun(status: string, toolSlug: string, seconds: number): void;
  /** Something in the platform (not the tool) failed while running or storing a run. */
  platformFailure(stage: 'execute' | 'record' | 'claim' | 'cleanup'): void;
}

/** Prometheus series for runs: outcomes by status and tool, run duration, queue wait, depth, platform failures. */
export class RunMetrics implements RunMetricsPort {
  private readonly finished: Counter<'status' | 'tool'>;
  private readonly duration: Histogram<'status'>;
  private readonly wait: Histogram;
  private readonly failures: Counter<'stage'>;

  constructor(registry: Registry, queue: RunQueue) {
    this.finished = new Counter({
      name: 'skriptoteket_runs_finished_total',
      help: 'Finished runs by terminal status and tool slug',
      labelNames: ['status', 'tool'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'skriptoteket_run_duration_seconds',
      help: 'Time from a run starting to its result being stored',
      labelNames: ['status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [registry],
    });
    this.wait = new Histogram({
      name: 'skriptoteket_run_queue_wait_seconds',
      help: 'Time a run waited in the queue before a worker started it',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'skriptoteket_run_platform_failures_total',
      help: 'Failures inside the platform (not the tool) while claiming, executing or storing a run',
      labelNames: ['stage'],
      registers: [registry],
    });
    new Gauge({
      name: 'skriptoteket_run_queue_depth',
      help: 'Runs waiting in the queue',
      registers: [registry],
      async collect() {
        this.set(await queue.depth().catch(() => 0));
      },
    });
  }

  started(requestedAt: Date, startedAt: Date): void {
    this.wait.observe(Math.max(0, startedAt.getTime() - requestedAt.getTime()) / 1000);
  }

  finishedRun(status: string, toolSlug: string, seconds: number): void {
    this.finished.inc({ status, tool: toolSlug });
    this.duration.observe({ status }, seconds);
  }

  platformFailure(stage: 'execute' | 'record' | 'claim' | 'cleanup'): void {
    this.failures.inc({ stage });
  }
}
