import { describe, expect, it } from 'vitest';
import { FakeChangeFeed as FakeFeed } from '../../test/fakes/change-feed.fakes';
import { ManualClock } from '../shared/ports';
import type { SessionRecord, UserRecord } from './identity.model';
import type { SessionRepo } from './identity.ports';
import { CachedSessionRepo, IDENTITY_CHANNEL } from './session-cache';

/** The table behind the cache: counts reads, and can hold a read open to let a change happen meanwhile. */
class TableSessions implements SessionRepo {
  reads = 0;
  touches = 0;
  revokedAt: Date | null = null;
  lastSeenAt: Date;
  beforeRead: (() => void) | null = null;
  /** While set, reads and touches wait for it. */
  gate: Promise<void> | null = null;
  constructor(private readonly now: Date) {
    this.lastSeenAt = now;
  }
  async insert() {}
  async findWithUser(tokenHash: string) {
    this.reads++;
    const found = {
      session: {
        id: 's1',
        tokenHash,
        userId: 'u1',
        csrfToken: 'c',
        createdAt: this.now,
        lastSeenAt: this.lastSeenAt,
        expiresAt: new Date(this.now.getTime() + 3_600_000),
        absoluteExpiresAt: new Date(this.now.getTime() + 86_400_000),
        revokedAt: this.revokedAt,
        ip: null,
        userAgent: null,
      } satisfies SessionRecord,
      user: { id: 'u1' } as UserRecord,
    };
    const hook = this.beforeRead;
    this.beforeRead = null;
    await Promise.resolve();
    hook?.();
    await this.gate;
    return found;
  }
  async touch(_id: string, lastSeenAt: Date) {
    this.touches++;
    await this.gate;
    this.lastSeenAt = lastSeenAt;
  }
  async revoke(_id: string, at: Date) {
    this.revokedAt = at;
  }
  async revokeAllForUser(_userId: string, at: Date) {
    this.revokedAt = at;
  }
  async revokeOthersForUser(_userId: string, _keep: string, at: Date) {
    this.revokedAt = at;
  }
  async listActiveForUser() {
    return [];
  }
  async revokeOwn(_userId: string, _sessionId: string, at: Date) {
    this.revokedAt = at;
    return true;
  }
}

const setup = () => {
  const clock = new ManualClock(new Date('2026-01-10T08:00:00Z'));
  const feed = new FakeFeed();
  const table = new TableSessions(clock.now());
  return { clock, feed, table, cache: new CachedSessionRepo(table, { changes: feed, clock }) };
};

describe('CachedSessionRepo', () => {
  it('answers repeated lookups from memory and reads again after any change to the user', async () => {
    const { feed, table, cache } = setup();
    await cache.findWithUser('h');
    await cache.findWithUser('h');
    expect(table.reads).toBe(1);
    table.revokedAt = new Date();
    feed.notify(IDENTITY_CHANNEL, 'u1');
    expect((await cache.findWithUser('h'))?.session.revokedAt).not.toBeNull();
    expect(table.reads).toBe(2);
  });

  it('never serves a session revoked in this process', async () => {
    const { table, cache, clock } = setup();
    await cache.findWithUser('h');
    await cache.revoke('s1', clock.now());
    expect((await cache.findWithUser('h'))?.session.revokedAt).not.toBeNull();
    expect(table.reads).toBe(2);
  });

  it('does not keep a read that overlapped a revocation', async () => {
    const { feed, table, cache } = setup();
    table.beforeRead = () => {
      table.revokedAt = new Date();
      feed.notify(IDENTITY_CHANNEL, 'u1');
    };
    expect((await cache.findWithUser('h'))?.session.revokedAt).toBeNull();
    expect((await cache.findWithUser('h'))?.session.revokedAt).not.toBeNull();
  });

  it('reads the database while changes are not heard, and forgets everything on a resync', async () => {
    const { feed, table, cache } = setup();
    feed.isLive = false;
    await cache.findWithUser('h');
    await cache.findWithUser('h');
    expect(table.reads).toBe(2);
    feed.isLive = true;
    await cache.findWithUser('h');
    for (const handler of feed.resync) handler();
    await cache.findWithUser('h');
    expect(table.reads).toBe(4);
  });

  it('answers a burst of lookups that miss with one read, but never with a read from before a revocation', async () => {
    const { table, cache, clock } = setup();
    let open = () => {};
    table.gate = new Promise((resolve) => (open = resolve));
    const burst = Array.from({ length: 50 }, () => cache.findWithUser('h'));
    expect(table.reads).toBe(1);
    await cache.revoke('s1', clock.now());
    const afterRevocation = cache.findWithUser('h');
    expect(table.reads).toBe(2);
    open();
    await Promise.all(burst);
    expect((await afterRevocation)?.session.revokedAt).not.toBeNull();
    expect((await cache.findWithUser('h'))?.session.revokedAt).not.toBeNull();
  });

  it('writes the sliding expiry once for concurrent requests, and serves the new time after it', async () => {
    const { table, cache, clock } = setup();
    await cache.findWithUser('h');
    clock.advance(1_000);
    let open = () => {};
    table.gate = new Promise((resolve) => (open = resolve));
    const touches = Array.from({ length: 50 }, () =>
      cache.touch('s1', clock.now(), new Date(clock.now().getTime() + 3_600_000)),
    );
    open();
    await Promise.all(touches);
    expect(table.touches).toBe(1);
    expect((await cache.findWithUser('h'))?.session.lastSeenAt).toEqual(clock.now());
    expect(table.reads).toBe(1);
  });

  it('reads again after its time to live even without a change', async () => {
    const { clock, table, cache } = setup();
    await cache.findWithUser('h');
    clock.advance(31_000);
    await cache.findWithUser('h');
    expect(table.reads).toBe(2);
  });
});
