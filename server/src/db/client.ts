import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema/index';
import { acquireDataDirLock } from './data-dir-lock';
import { migrationsFolder } from './paths';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Omit<Db, 'transaction'> & Partial<Pick<Db, 'transaction'>>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance in embedded mode (used by the queue and by tests to clone databases). */
  pglite?: PGlite;
  pool?: pg.Pool;
  /**
   * PostgreSQL only: this process's origin, the application_name of its connections (`skriptoteket:<uuid>`). The
   * runs table's trigger (migration 0011) sends it with every run notification, so a process ignores its own.
   */
  origin?: string;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

/** Runs raw SQL and returns its rows; both drivers return `{ rows }`, which Drizzle's shared type hides. */
export async function queryRows<T = Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

const MIGRATION_LOCK_KEY = 7_146_220_001;

/**
 * Opens either engine. A PGlite data directory is locked for this process until close() (data-dir-lock.ts);
 * `lockCommand` is recorded in the lock so a refused second opener is told who holds it.
 */
export async function openDatabase(options: DatabaseOptions, lockCommand?: string): Promise<Database> {
  return options.kind === 'postgres'
    ? openPostgres(options.url, options.poolSize)
    : openPglite(options, lockCommand);
}

async function openPglite(
  options: { dataDir?: string; loadDataDir?: Blob },
  lockCommand: string | undefined,
): Promise<Database> {
  // In-memory databases (tests) are private to their process; only a data directory can be shared by mistake.
  const lock = options.dataDir ? acquireDataDirLock(options.dataDir, lockCommand) : null;
  let client: PGlite;
  try {
    if (options.dataDir) fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    client = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    // PGlite is a single session inside this process, so no lock is needed around migrations.
    migrate: () => migratePglite(db as never, { migrationsFolder: migrationsFolder() }),
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const origin = `skriptoteket:${randomUUID()}`;
  // In the URL, since a connection string's own application_name would win over a separate setting.
  const withOrigin = new URL(url);
  withOrigin.searchParams.set('application_name', origin);
  const pool = new pg.Pool({ connectionString: withOrigin.toString(), max: poolSize });
  // An idle client that errors (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    origin,
    migrate: async () => {
      // Several web and worker processes may start at once: one migrates, the others wait for it.
      const lockClient = await pool.connect();
      try {
        await lockClient.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(db as never, { migrationsFolder: migrationsFolder() });
      } finally {
        await lockClient.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        lockClient.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}
