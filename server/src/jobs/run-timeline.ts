import { Histogram, type Registry } from 'prom-client';

/**
 * The moments of a run's life this process sees, in order: stored in the queue (web), claimed by a worker,
 * handed to the sandbox after staging, back from the sandbox, result stored, terminal event written to a
 * watching browser (web). A worker process sees the middle four, a web process the first and last; the embedded
 * server all six.
 */
export const RUN_PHASES = ['queued', 'claimed', 'staged', 'sandboxed', 'stored', 'delivered'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export interface RunTimelinePort {
  mark(runId: string, phase: RunPhase): void;
}

/** How many runs' marks are kept while waiting for their next mark (a run nobody watches is never delivered). */
const OPEN_RUNS = 1000;

/**
 * Where a run's time goes inside the platform: `skriptoteket_run_phase_seconds{phase}` is the time from the
 * run's previous mark in this process to this one (so `sandboxed` is staging's end to the sandbox's return, and
 * `stored` is recording the result). Marks are on the monotonic clock; `onMark` lets a benchmark in the same
 * process line them up with its own timings.
 */
export class RunTimeline implements RunTimelinePort {
  private readonly open = new Map<string, number>();
  private readonly listeners = new Set<(runId: string, phase: RunPhase, at: number) => void>();
  private readonly phases: Histogram<'phase'>;

  constructor(registry: Registry) {
    this.phases = new Histogram({
      name: 'skriptoteket_run_phase_seconds',
      help: "Time from a run's previous step in this process to this one (queued, claimed, staged, sandboxed, stored, delivered)",
      labelNames: ['phase'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers: [registry],
    });
  }

  mark(runId: string, phase: RunPhase): void {
    const at = performance.now();
    const previous = this.open.get(runId);
    if (previous !== undefined) {
      this.phases.observe({ phase }, (at - previous) / 1000);
      this.open.delete(runId);
    }
    if (phase !== 'delivered') {
      this.open.set(runId, at);
      if (this.open.size > OPEN_RUNS) this.open.delete(this.open.keys().next().value!);
    }
    for (const listener of this.listeners) listener(runId, phase, at);
  }

  onMark(listener: (runId: string, phase: RunPhase, at: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
