import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Database } from '../db/client';
import type { RunQueue } from '../runs/runs.ports';
import { PgListener } from './pg-listener';

export const RUN_QUEUE = 'runs';
const WAKE_CHANNEL = 'skt_runs_queued';

/**
 * pg-boss over our own connection; PostgreSQL through the pool. On PGlite, SQL without parameters goes to exec():
 * pg-boss's schema setup is multi-statement, and PGlite's query() (a prepared statement) refuses it with "cannot
 * insert multiple commands into a prepared statement" (measured with pg-boss 10.4 on PGlite 0.5).
 */
export function createBoss(database: Database, onError: (error: Error) => void): PgBoss {
  const { pglite, pool } = database;
  const executeSql = async (text: string, values?: unknown[]) => {
    if (pglite) {
      if (values?.length) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return results.at(-1) ?? { rows: [] };
    }
    return pool!.query(text, values);
  };
  const boss = new PgBoss({
    db: { executeSql },
    schema: 'pgboss',
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 60,
  });
  boss.on('error', onError);
  return boss;
}

/**
 * Wakes idle workers the moment a run is queued instead of waiting for pg-boss's next poll: directly in this
 * process, and through LISTEN/NOTIFY in the others (PostgreSQL only).
 */
export class QueueWakeup {
  private readonly local = new Set<() => void>();
  private listener: PgListener | null = null;

  constructor(private readonly pool?: pg.Pool) {}

  async listen(): Promise<void> {
    if (!this.pool || this.listener) return;
    this.listener = new PgListener(this.pool, [WAKE_CHANNEL], () => this.wakeLocal());
    await this.listener.start();
  }

  onWake(callback: () => void): () => void {
    this.local.add(callback);
    return () => this.local.delete(callback);
  }

  async signal(): Promise<void> {
    this.wakeLocal();
    if (this.pool) await this.pool.query(`NOTIFY ${WAKE_CHANNEL}`);
  }

  private wakeLocal(): void {
    for (const callback of this.local) callback();
  }

  close(): void {
    this.listener?.stop();
    this.listener = null;
  }
}

export class PgBossRunQueue implements RunQueue {
  constructor(
    private readonly boss: PgBoss,
    private readonly wakeup: QueueWakeup,
    private readonly expireInSeconds: number,
  ) {}

  async enqueue(runId: string): Promise<void> {
    // No retries: a run whose worker died is failed by the lease reaper with a clear message, never run twice.
    await this.boss.send(RUN_QUEUE, { runId }, { retryLimit: 0, expireInSeconds: this.expireInSeconds });
    await this.wakeup.signal();
  }

  async depth(): Promise<number> {
    return this.boss.getQueueSize(RUN_QUEUE);
  }
}
