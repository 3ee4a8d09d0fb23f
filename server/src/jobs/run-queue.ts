import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { RunQueue, RunRepo } from '../runs/runs.ports';
import type { Logger } from '../shared/ports';
import { PgListener } from './pg-listener';

const WAKE_CHANNEL = 'skt_runs_queued';

/**
 * Wakes idle workers the moment a run is queued instead of at their next poll: directly in this process, and
 * through LISTEN/NOTIFY in the others (PostgreSQL only).
 */
export class QueueWakeup {
  private readonly local = new Set<() => void>();
  private listener: PgListener | null = null;
  /** Sent with each NOTIFY: this process has woken its own workers already and ignores its own. */
  private readonly origin = randomUUID();

  /**
   * `onNotifyFailure` hears of a NOTIFY that did not go out (the server counts it with the background failures);
   * without it, it is logged.
   */
  constructor(
    private readonly pool: pg.Pool | undefined,
    private readonly log: Logger,
    private readonly onNotifyFailure: (error: unknown) => void = (error) =>
      log.warn({ err: error }, 'could not notify other processes of a queued run'),
  ) {}

  async listen(): Promise<void> {
    if (!this.pool || this.listener) return;
    this.listener = new PgListener(
      this.pool,
      [WAKE_CHANNEL],
      (_channel, payload) => {
        if (payload !== this.origin) this.wakeLocal();
      },
      this.log,
    );
    await this.listener.start();
  }

  onWake(callback: () => void): () => void {
    this.local.add(callback);
    return () => this.local.delete(callback);
  }

  /**
   * Wakes this process's workers at once and sends the NOTIFY for the others without waiting for it: the run is
   * stored already, and the answer to its request need not wait a round trip. Never throws: a lost wake-up only
   * delays a run until the workers' next poll.
   */
  signal(): void {
    this.wakeLocal();
    if (!this.pool) return;
    this.pool.query('select pg_notify($1, $2)', [WAKE_CHANNEL, this.origin]).catch(this.onNotifyFailure);
  }

  private wakeLocal(): void {
    for (const callback of this.local) callback();
  }

  close(): void {
    this.listener?.stop();
    this.listener = null;
  }
}

/**
 * The runs table is the queue: a run is queued by inserting it with status `queued`, and a worker takes one
 * with a single UPDATE that claims it (RunRepo.claimNext). So a queued run and its job can never disagree.
 */
export class DatabaseRunQueue implements RunQueue {
  constructor(
    private readonly runs: Pick<RunRepo, 'countQueued'>,
    private readonly wakeup: QueueWakeup,
  ) {}

  async enqueue(): Promise<void> {
    this.wakeup.signal();
  }

  async depth(): Promise<number> {
    return this.runs.countQueued();
  }
}
