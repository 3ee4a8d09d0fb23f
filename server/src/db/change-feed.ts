import { PgListener } from '../jobs/pg-listener';
import type { ChangeFeed } from '../shared/change-feed';
import type { Logger } from '../shared/ports';
import type { Database } from './client';

/**
 * The change feed of one process: on PostgreSQL a single LISTEN connection hears every process's changes, and
 * while it is down the feed is not live (caches read through) until it is back and everyone resynchronises. On
 * embedded PGlite there is one process, and PGlite's listen() delivers its own session's notifications.
 */
export class DatabaseChangeFeed implements ChangeFeed {
  private readonly handlers = new Map<string, ((payload: string) => void)[]>();
  private readonly resyncHandlers: (() => void)[] = [];
  private starting: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private isConnected = false;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  get isLive(): boolean {
    return this.isConnected;
  }

  on(channel: string, handler: (payload: string) => void): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`unsafe channel name ${channel}`);
    this.handlers.set(channel, [...(this.handlers.get(channel) ?? []), handler]);
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  start(): Promise<void> {
    this.starting ??= this.listen();
    return this.starting;
  }

  async stop(): Promise<void> {
    this.isConnected = false;
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }

  private deliver(channel: string, payload: string | undefined): void {
    if (!payload) return;
    for (const handler of this.handlers.get(channel) ?? []) handler(payload);
  }

  private async listen(): Promise<void> {
    const channels = [...this.handlers.keys()];
    const { pool, pglite } = this.database;
    if (pool) {
      const listener = new PgListener(
        pool,
        channels,
        (channel, payload) => this.deliver(channel, payload),
        this.log,
        {
          onLost: () => {
            this.isConnected = false;
          },
          onConnected: (isRestored) => {
            this.isConnected = true;
            if (isRestored) for (const handler of this.resyncHandlers) handler();
          },
        },
      );
      await listener.start();
      this.stopListening = async () => listener.stop();
      return;
    }
    if (!pglite) throw new Error('the database has neither a pool nor an embedded engine');
    const stops = await Promise.all(
      channels.map((channel) => pglite.listen(channel, (payload) => this.deliver(channel, payload))),
    );
    this.isConnected = true;
    this.stopListening = async () => {
      if (!pglite.closed) for (const stop of stops) await stop();
    };
  }
}
