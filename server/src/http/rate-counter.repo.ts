import { lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { rateLimitCounters } from '../db/schema/index';
import { windowOf, type RateCounter } from '../shared/rate-limit';

const PRUNE_INTERVAL_MS = 60_000;

/** Counters in `rate_limit_counters`: one upsert per hit, so every web process on the database shares them. */
export class DrizzleRateCounter implements RateCounter {
  private lastPrune = 0;

  constructor(private readonly db: Executor) {}

  async hit(key: string, windowMs: number, now: Date): Promise<{ count: number; resetAt: Date }> {
    const { start, end } = windowOf(now, windowMs);
    const [row] = await this.db
      .insert(rateLimitCounters)
      .values({ key, windowStart: start, count: 1, expiresAt: end })
      .onConflictDoUpdate({
        target: [rateLimitCounters.key, rateLimitCounters.windowStart],
        set: { count: sql`${rateLimitCounters.count} + 1` },
      })
      .returning({ count: rateLimitCounters.count });
    await this.pruneNowAndThen(now);
    return { count: row!.count, resetAt: end };
  }

  /** Ended windows are deleted at most once a minute per process. */
  private async pruneNowAndThen(now: Date): Promise<void> {
    if (now.getTime() - this.lastPrune < PRUNE_INTERVAL_MS) return;
    this.lastPrune = now.getTime();
    await this.db.delete(rateLimitCounters).where(lt(rateLimitCounters.expiresAt, now));
  }
}
