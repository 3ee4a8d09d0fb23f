import type { Database } from '../db/client';
import { PgListener } from '../jobs/pg-listener';
import type { Logger } from '../shared/ports';
import type { CatalogChangeFeed } from './catalog.ports';

/** Notified by the triggers of migration 0011 with the id of a tool whose catalog entry may have changed. */
const CHANNEL = 'skt_catalog';

/**
 * Catalog changes from the database's own NOTIFY: on PostgreSQL one LISTEN connection per process hears every
 * process's changes (and a lost connection asks for a full reload); embedded PGlite is one process, and its own
 * listen() delivers the notifications of its single session.
 */
export function catalogChangeFeed(database: Database, log: Logger): CatalogChangeFeed {
  const { pool, pglite } = database;
  if (pool) {
    let listener: PgListener | null = null;
    return {
      async start({ onChange, onResync }) {
        listener = new PgListener(
          pool,
          [CHANNEL],
          (_channel, payload) => {
            if (payload) onChange(payload);
          },
          log,
          onResync,
        );
        await listener.start();
      },
      async stop() {
        listener?.stop();
        listener = null;
      },
    };
  }
  if (!pglite) throw new Error('the database has neither a pool nor an embedded engine');
  let unlisten: (() => Promise<void>) | null = null;
  return {
    async start({ onChange }) {
      unlisten = await pglite.listen(CHANNEL, (payload) => {
        if (payload) onChange(payload);
      });
    },
    async stop() {
      const stop = unlisten;
      unlisten = null;
      if (stop && !pglite.closed) await stop();
    },
  };
}
