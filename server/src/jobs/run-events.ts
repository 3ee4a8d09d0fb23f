import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { PgListener } from './pg-listener';
import type { ClaimedRun, RunEvent, RunEvents } from '../runs/runs.ports';
import type { Logger } from '../shared/ports';

const CHANNEL = 'skt_run_events';
/**
 * How long a run seen whole is remembered, and how many at most: an event stream opens as the answer to the submit
 * arrives, so a short memory does. A run's record holds its form values (at most 64 kB), so at most ≈ 64 MB.
 */
const KNOWN_MS = 30_000;
const KNOWN_MAX = 1_000;

/**
 * Run status changes, delivered in-process at once and, on PostgreSQL, to every other web and worker process
 * (the SSE stream of a run may live in another process than its worker): the statement that changes a run's status
 * notifies them itself, at its commit (the runs table's trigger, migration 0011), with this process's origin.
 */
export class RunEventBus implements RunEvents {
  private readonly emitter = new EventEmitter();
  private listener: PgListener | null = null;
  /**
   * Runs seen whole while queued or running, oldest first, so that an event stream opened just after its run was
   * queued (the browser opens it as the answer arrives) starts without reading the run back. null: a later change
   * came (finished, cancelled, reaped, or from another process), so the database has something newer: read it.
   * Finished runs are not kept: their output may be megabytes, and their streams were open before they finished.
   */
  private readonly known = new Map<string, { at: number; run: ClaimedRun | null }>();

  /** `pool` and `origin` on PostgreSQL (Database.pool and .origin); neither in embedded mode. */
  constructor(
    private readonly pool: pg.Pool | undefined,
    private readonly origin: string | undefined,
    private readonly log: Logger,
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening for other processes' events (PostgreSQL only). */
  async start(): Promise<void> {
    if (!this.pool) return;
    this.listener = new PgListener(
      this.pool,
      [CHANNEL],
      (_channel, payload) => {
        if (!payload) return;
        const { origin, ...event } = JSON.parse(payload) as RunEvent & { origin: string };
        if (origin !== this.origin && typeof event.runId === 'string') {
          this.remember(event.runId, null);
          this.emitter.emit(event.runId, event);
        }
      },
      this.log,
    );
    await this.listener.start();
  }

  /**
   * Tells this process's listeners of a change already stored (other processes were told by its statement).
   * Listeners elsewhere that miss an event (database restarting) find out at their next re-read of the run (the
   * event stream polls; a worker renews its lease).
   */
  async publish(event: RunEvent): Promise<void> {
    this.remember(event.runId, event.claimed ?? null);
    this.emitter.emit(event.runId, event);
  }

  latest(runId: string): ClaimedRun | undefined {
    const entry = this.known.get(runId);
    return entry && entry.at > Date.now() - KNOWN_MS ? (entry.run ?? undefined) : undefined;
  }

  noteQueued(queued: ClaimedRun): void {
    // Never over what came after it: a worker here may have claimed the run already.
    if (!this.known.has(queued.run.id)) this.remember(queued.run.id, queued);
  }

  private remember(runId: string, run: ClaimedRun | null): void {
    const now = Date.now();
    this.known.delete(runId); // re-inserted at the end: the map stays oldest first
    this.known.set(runId, { at: now, run });
    for (const [id, entry] of this.known) {
      if (this.known.size <= KNOWN_MAX && entry.at > now - KNOWN_MS) break;
      this.known.delete(id);
    }
  }

  subscribe(runId: string, listener: (event: RunEvent) => void): () => void {
    this.emitter.on(runId, listener);
    return () => this.emitter.off(runId, listener);
  }

  async stop(): Promise<void> {
    this.listener?.stop();
    this.listener = null;
  }
}
