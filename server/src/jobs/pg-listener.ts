import type pg from 'pg';
import type { Logger } from '../shared/ports';

/**
 * One LISTEN connection that survives database restarts: when the connection ends or fails it is dropped and
 * opened again with a growing delay (up to 30 s), and the channels are listened to again. A notification
 * handler that throws is logged, never allowed to reach the process (anyone with database access can NOTIFY).
 */
export class PgListener {
  private client: pg.PoolClient | null = null;
  private isStopped = false;
  private retryMs = 1000;
  private timer: NodeJS.Timeout | undefined;
  /** Set once start() is over: any later connection follows a gap in which notifications were lost. */
  private hasStarted = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channels: string[],
    private readonly onNotification: (channel: string, payload: string | undefined) => void,
    private readonly log: Logger,
    private readonly hooks: {
      /** The connection is gone: notifications are being missed until the next onConnected. */
      onLost?: () => void;
      /** LISTEN works; `isRestored` after a gap in which notifications were missed. */
      onConnected?: (isRestored: boolean) => void;
    } = {},
  ) {}

  /** Connects now; when the database is not reachable yet, keeps trying in the background. */
  async start(): Promise<void> {
    await this.connect().catch((error: unknown) => {
      this.log.warn({ err: error, channels: this.channels }, 'LISTEN connection failed; retrying');
      this.scheduleReconnect();
    });
    this.hasStarted = true;
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    const drop = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      client.release(true);
      if (this.isStopped) return;
      this.hooks.onLost?.();
      this.log.warn({ err: error, channels: this.channels }, 'LISTEN connection lost; reconnecting');
      this.scheduleReconnect();
    };
    client.on('notification', (message) => {
      try {
        this.onNotification(message.channel, message.payload);
      } catch (error) {
        this.log.warn(
          { err: error, channel: message.channel },
          'ignored a notification that could not be handled',
        );
      }
    });
    client.on('error', drop);
    client.on('end', () => drop());
    try {
      for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.client = client;
    if (this.retryMs > 1000) this.log.info({ channels: this.channels }, 'LISTEN connection restored');
    this.retryMs = 1000;
    this.hooks.onConnected?.(this.hasStarted);
  }

  private scheduleReconnect(): void {
    if (this.isStopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.connect().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
        this.scheduleReconnect();
      });
    }, this.retryMs);
    this.timer.unref();
  }

  stop(): void {
    this.isStopped = true;
    clearTimeout(this.timer);
    this.client?.release(true);
    this.client = null;
  }
}
