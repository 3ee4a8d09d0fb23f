/**
 * Rows changed in the database, by any process, as the database's own triggers announce them (NOTIFY). In-memory
 * copies of database state (the catalog index, the session and favorites caches) drop what a change touched.
 */
export interface ChangeFeed {
  /** True while changes are being heard; a cache must not answer from memory while it is false. */
  readonly isLive: boolean;
  /** Handlers are registered before start(); the payload is the id the trigger sent. */
  on(channel: string, handler: (payload: string) => void): void;
  /** Called when changes may have been missed (the listening connection was lost): drop or reload everything. */
  onResync(handler: () => void): void;
  /** Idempotent: later calls wait for the first. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
