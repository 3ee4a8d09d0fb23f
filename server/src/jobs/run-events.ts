import { EventEmitter } from 'node:events';
import type pg from 'pg';
import { PgListener } from './pg-listener';
import type { RunEvent, RunEvents } from '../runs/runs.ports';
import type { Logger } from '../shared/ports';

const CHANNEL = 'skt_run_events';

/**
 * Run status changes, delivered in-process at once and, on PostgreSQL, to every other web and worker process
 * (the SSE stream of a run may live in another process than its worker): the statement that changes a run's status
 * notifies them itself, at its commit (the runs table's trigger, migration 0011), with this process's origin.
 */
export class RunEventBus implements RunEvents {
  private readonly emitter = new EventEmitter();
  private listener: PgListener | null = null;

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
        if (origin !== this.origin && typeof event.runId === 'string') this.emitter.emit(event.runId, event);
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
    this.emitter.emit(event.runId, event);
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
