import type pg from 'pg';

/**
 * One LISTEN connection that survives database restarts: when the connection ends or fails it is dropped and
 * opened again with a growing delay (up to 30 s), and the channels are listened to again.
 */
export class PgListener {
  private client: pg.PoolClient | null = null;
  private isStopped = false;
  private retryMs = 1000;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channels: string[],
    private readonly onNotification: (channel: string, payload: string | undefined) => void,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = await this.pool.connect();
    const drop = () => {
      if (this.client !== client) return;
      this.client = null;
      client.release(true);
      this.scheduleReconnect();
    };
    client.on('notification', (message) => this.onNotification(message.channel, message.payload));
    client.on('error', drop);
    client.on('end', drop);
    for (const channel of this.channels) await client.query(`LISTEN ${channel}`);
    this.client = client;
    this.retryMs = 1000;
  }

  private scheduleReconnect(): void {
    if (this.isStopped) return;
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
