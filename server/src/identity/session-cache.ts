import type { ChangeFeed } from '../shared/change-feed';
import type { Clock } from '../shared/ports';
import { SharedReads } from '../shared/shared-reads';
import type { SessionRecord, UserRecord } from './identity.model';
import type { SessionRepo } from './identity.ports';

/** Notified by the triggers of migration 0011 with the id of a user whose account or sessions changed. */
export const IDENTITY_CHANNEL = 'skt_identity';

const TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;

type Found = { session: SessionRecord; user: UserRecord };

/**
 * The session lookup of every authenticated request, answered from memory while nothing changed. Any change to a
 * user or their sessions in any process (sign-out, revocation, deactivation, a new role) drops that user's entries
 * as soon as its notification arrives, and this process's own revocations drop them before they return. While the
 * change feed is not live every lookup reads the database; a read that overlapped a change is not kept. Validity
 * (revoked, expired) is still decided by the caller on every request, from the record.
 */
export class CachedSessionRepo implements SessionRepo {
  private readonly byToken = new Map<string, { found: Found; readAt: number }>();
  private readonly tokensOfUser = new Map<string, Set<string>>();
  private readonly tokenOfSession = new Map<string, string>();
  private readonly reading = new SharedReads<string, Found | null>();
  private readonly touching = new Map<string, Promise<void>>();
  private epoch = 0;

  constructor(
    private readonly inner: SessionRepo,
    private readonly deps: { changes: ChangeFeed; clock: Clock },
  ) {
    deps.changes.on(IDENTITY_CHANNEL, (userId) => this.forgetUser(userId));
    deps.changes.onResync(() => this.forgetAll());
  }

  insert(session: SessionRecord): Promise<void> {
    return this.inner.insert(session);
  }

  /**
   * Concurrent lookups of one token share a single read (a burst after an expiry or a change costs one query), as
   * long as nothing changed since that read began: a lookup after a change never joins an older read.
   */
  findWithUser(tokenHash: string): Promise<Found | null> {
    const now = this.deps.clock.now().getTime();
    const isLive = this.deps.changes.isLive;
    const cached = isLive ? this.byToken.get(tokenHash) : undefined;
    if (cached && now - cached.readAt < TTL_MS) return Promise.resolve(cached.found);
    const epoch = this.epoch;
    const read = () => this.read(tokenHash, now, isLive, epoch);
    return isLive ? this.reading.get(tokenHash, epoch, read) : read();
  }

  /**
   * Sliding expiry, written once however many requests of the session ask for it at the same time; the cached
   * record then carries the new times, so the requests after it do not write again.
   */
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    const pending = this.touching.get(id);
    if (pending) return pending;
    const touched = this.inner.touch(id, lastSeenAt, expiresAt).then(
      () => {
        this.touching.delete(id);
        this.touched(id, lastSeenAt, expiresAt);
      },
      (error: unknown) => {
        this.touching.delete(id);
        throw error;
      },
    );
    this.touching.set(id, touched);
    return touched;
  }

  async revoke(id: string, at: Date): Promise<void> {
    this.forgetSession(id);
    await this.inner.revoke(id, at);
    this.forgetSession(id);
  }

  async revokeAllForUser(userId: string, at: Date): Promise<void> {
    this.forgetUser(userId);
    await this.inner.revokeAllForUser(userId, at);
    this.forgetUser(userId);
  }

  async revokeOthersForUser(userId: string, keepSessionId: string, at: Date): Promise<void> {
    this.forgetUser(userId);
    await this.inner.revokeOthersForUser(userId, keepSessionId, at);
    this.forgetUser(userId);
  }

  listActiveForUser(userId: string, now: Date): Promise<SessionRecord[]> {
    return this.inner.listActiveForUser(userId, now);
  }

  async revokeOwn(userId: string, sessionId: string, at: Date): Promise<boolean> {
    this.forgetSession(sessionId);
    const isRevoked = await this.inner.revokeOwn(userId, sessionId, at);
    this.forgetSession(sessionId);
    return isRevoked;
  }

  private async read(tokenHash: string, now: number, isLive: boolean, epoch: number): Promise<Found | null> {
    const found = await this.inner.findWithUser(tokenHash);
    if (found && isLive && this.deps.changes.isLive && epoch === this.epoch) {
      if (this.byToken.size >= MAX_ENTRIES) this.forgetAll();
      this.byToken.set(tokenHash, { found, readAt: now });
      this.tokenOfSession.set(found.session.id, tokenHash);
      const tokens = this.tokensOfUser.get(found.user.id) ?? new Set<string>();
      this.tokensOfUser.set(found.user.id, tokens.add(tokenHash));
    }
    return found;
  }

  /** A read that began before the touch must not put the old times back: it is not kept (epoch). */
  private touched(sessionId: string, lastSeenAt: Date, expiresAt: Date): void {
    this.epoch++;
    const token = this.tokenOfSession.get(sessionId);
    const cached = token === undefined ? undefined : this.byToken.get(token);
    if (token === undefined || !cached) return;
    const session = { ...cached.found.session, lastSeenAt, expiresAt };
    this.byToken.set(token, { ...cached, found: { ...cached.found, session } });
  }

  private forgetSession(sessionId: string): void {
    this.epoch++;
    const token = this.tokenOfSession.get(sessionId);
    if (token === undefined) return;
    const userId = this.byToken.get(token)?.found.user.id;
    this.byToken.delete(token);
    this.tokenOfSession.delete(sessionId);
    if (userId !== undefined) this.tokensOfUser.get(userId)?.delete(token);
  }

  private forgetUser(userId: string): void {
    this.epoch++;
    for (const token of this.tokensOfUser.get(userId) ?? []) {
      const sessionId = this.byToken.get(token)?.found.session.id;
      this.byToken.delete(token);
      if (sessionId !== undefined) this.tokenOfSession.delete(sessionId);
    }
    this.tokensOfUser.delete(userId);
  }

  /** Drops every entry: for writers that change accounts without going through this repository. */
  forgetAll(): void {
    this.epoch++;
    this.byToken.clear();
    this.tokensOfUser.clear();
    this.tokenOfSession.clear();
  }
}
