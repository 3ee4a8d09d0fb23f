import type pg from 'pg';
import type { RunQueue, RunRepo, SlotReservation } from '../runs/runs.ports';
import type { Logger } from '../shared/ports';
import { PgListener } from './pg-listener';

const WAKE_CHANNEL = 'skt_runs_queued';

/**
 * Wakes idle workers the moment a run is queued instead of at their next poll: directly in this process, and in
 * the others (PostgreSQL only) by the NOTIFY that the insert of a queued run sends at its commit (the runs table's
 * trigger, migration 0011) with the inserting process's origin, which that process ignores (it woke its own).
 */
export class QueueWakeup {
  private readonly local = new Set<() => void>();
  private listener: PgListener | null = null;

  /** `pool` and `origin` on PostgreSQL (Database.pool and .origin); neither in embedded mode. */
  constructor(
    private readonly pool: pg.Pool | undefined,
    private readonly origin: string | undefined,
    private readonly log: Logger,
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

  /** Wakes this process's workers at once, for a run just stored (its insert told the other processes). */
  signal(): void {
    this.wakeLocal();
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
 * When a worker slot of this process is idle and nothing is queued, a run skips the queue: it is stored already
 * claimed by that slot (running, attempt 1, its lease) and handed to it, one statement instead of two.
 */
export class DatabaseRunQueue implements RunQueue {
  private slots: { reserveSlot(): SlotReservation | null } | null = null;

  constructor(
    private readonly runs: Pick<RunRepo, 'countQueued'>,
    private readonly wakeup: QueueWakeup,
  ) {}

  /** This process's workers, whose idle slots take a run straight from its submit (null: none run here). */
  attachWorkers(slots: { reserveSlot(): SlotReservation | null } | null): void {
    this.slots = slots;
  }

  reserveSlot(): SlotReservation | null {
    return this.slots?.reserveSlot() ?? null;
  }

  async enqueue(): Promise<void> {
    this.wakeup.signal();
  }

  async depth(): Promise<number> {
    return this.runs.countQueued();
  }
}
