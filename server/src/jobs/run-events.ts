import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { PgListener } from './pg-listener';
import type { RunEvent, RunEvents } from '../runs/runs.ports';
import type { Logger } from '../shared/ports';

const CHANNEL = 'skt_run_events';

/**
 * Run status changes, delivered in-process at once and, on PostgreSQL, to every other web and worker process
 * through NOTIFY (the SSE stream of a run may live in another process than its worker).
 */
export class RunEventBus implements RunEvents {
  private readonly emitter = new EventEmitter();
  private readonly origin = randomUUID();
  private listener: PgListener | null = null;

  /**
   * `onNotifyFailure` hears of a NOTIFY that did not go out (the server counts it with the background failures);
   * without it, it is logged.
   */
  constructor(
    private readonly pool: pg.Pool | undefined,
    private readonly log: Logger,
    private readonly onNotifyFailure: (error: unknown, runId: string) => void = (error, runId) =>
      log.warn({ err: error, runId }, 'could not notify other processes of a run event'),
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
   * Never throws: listeners in other processes that miss an event (database restarting) find out at their
   * next re-read of the run (the event stream polls; a worker renews its lease).
   */
  async publish(event: RunEvent): Promise<void> {
    this.emitter.emit(event.runId, event);
    if (!this.pool) return;
    const { runId, status } = event; // the stored run (`final`) stays in this process
    await this.pool
      .query('select pg_notify($1, $2)', [CHANNEL, JSON.stringify({ runId, status, origin: this.origin })])
      .catch((error: unknown) => this.onNotifyFailure(error, runId));
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
