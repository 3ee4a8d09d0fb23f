import { and, desc, eq, gt, inArray, isNull, ne, or, lte, sql } from 'drizzle-orm';
import type { Locale, Role } from '@skriptoteket/contracts';
import type { Executor } from '../db/client';
import { accountTokens, loginEvents, sessions, users } from '../db/schema/index';
import type { LockoutPolicy, SessionRecord, UserRecord } from './identity.model';
import type {
  AccountTokenPurpose,
  AccountTokenRecord,
  AccountTokenRepo,
  LoginEvent,
  LoginEventRepo,
  SessionRepo,
  UserRepo,
} from './identity.ports';

export class DrizzleUserRepo implements UserRepo {
  constructor(private readonly db: Executor) {}

  async findById(id: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id));
    return row ?? null;
  }

  async findByEmail(email: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.email, email));
    return row ?? null;
  }

  async insert(user: UserRecord): Promise<void> {
    await this.db.insert(users).values(user);
  }

  async updateLoginState(
    id: string,
    state: { failedLoginCount: number; lockedUntil: Date | null },
  ): Promise<void> {
    await this.db.update(users).set(state).where(eq(users.id, id));
  }

  async reserveLoginAttempt(
    id: string,
    now: Date,
    policy: LockoutPolicy,
  ): Promise<{ lockedUntil: Date } | null> {
    // One statement: the row lock serializes concurrent attempts, and each re-reads the count the previous one
    // wrote (identity.model reserveLoginAttempt is the same rule).
    const attempts = sql`(case when ${users.lockedUntil} is null then ${users.failedLoginCount} else 0 end)`;
    const lockUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
    const [row] = await this.db
      .update(users)
      .set({
        failedLoginCount: sql`case when ${attempts} >= ${policy.maxFailures} then 0 else ${attempts} + 1 end`,
        lockedUntil: sql`case when ${attempts} >= ${policy.maxFailures} then ${lockUntil.toISOString()}::timestamptz else null end`,
      })
      .where(and(eq(users.id, id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
      .returning({ lockedUntil: users.lockedUntil });
    if (row) return row.lockedUntil ? { lockedUntil: row.lockedUntil } : null;
    const [current] = await this.db
      .select({ lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, id));
    return { lockedUntil: current?.lockedUntil ?? lockUntil };
  }

  async clearLoginAttempts(id: string, now: Date): Promise<void> {
    await this.db
      .update(users)
      .set({ failedLoginCount: 0, lockedUntil: null })
      .where(and(eq(users.id, id), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))));
  }

  async markEmailVerified(id: string, at: Date): Promise<void> {
    await this.db
      .update(users)
      .set({ emailVerifiedAt: at, updatedAt: at })
      .where(and(eq(users.id, id), isNull(users.emailVerifiedAt)));
  }

  async updateEmail(id: string, email: string, at: Date): Promise<boolean> {
    const [row] = await this.db
      .update(users)
      .set({ email, emailVerifiedAt: at, updatedAt: at })
      .where(
        and(
          eq(users.id, id),
          sql`not exists (select 1 from ${users} other where other.email = ${email} and other.id <> ${id})`,
        ),
      )
      .returning({ id: users.id })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return [];
        throw error;
      });
    return row !== undefined;
  }

  async updateRole(id: string, role: Role, at: Date): Promise<void> {
    await this.db.update(users).set({ role, updatedAt: at }).where(eq(users.id, id));
  }

  async updatePasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
    await this.db
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: at })
      .where(eq(users.id, id));
  }

  async updateProfile(
    id: string,
    changes: { name?: string; locale?: Locale },
    at: Date,
  ): Promise<UserRecord | null> {
    const [row] = await this.db
      .update(users)
      .set({ ...changes, updatedAt: at })
      .where(eq(users.id, id))
      .returning();
    return row ?? null;
  }

  async countByRole(role: Role): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(users)
      .where(eq(users.role, role));
    return row?.count ?? 0;
  }
}

export class DrizzleSessionRepo implements SessionRepo {
  constructor(private readonly db: Executor) {}

  async insert(session: SessionRecord): Promise<void> {
    await this.db.insert(sessions).values(session);
  }

  async findWithUser(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const [row] = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(sessions.tokenHash, tokenHash));
    return row ?? null;
  }

  async touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));
  }

  async revoke(id: string, at: Date): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
  }

  async revokeAllForUser(userId: string, at: Date): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  }

  async revokeOthersForUser(userId: string, keepSessionId: string, at: Date): Promise<void> {
    await this.db
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId), isNull(sessions.revokedAt)));
  }

  async listActiveForUser(userId: string, now: Date): Promise<SessionRecord[]> {
    return this.db
      .select()
      .from(sessions)
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, now),
          gt(sessions.absoluteExpiresAt, now),
        ),
      )
      .orderBy(desc(sessions.lastSeenAt))
      .limit(100);
  }

  async revokeOwn(userId: string, sessionId: string, at: Date): Promise<boolean> {
    const rows = await this.db
      .update(sessions)
      .set({ revokedAt: at })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.length > 0;
  }
}

export class DrizzleAccountTokenRepo implements AccountTokenRepo {
  constructor(private readonly db: Executor) {}

  async insert(token: AccountTokenRecord): Promise<void> {
    await this.db.insert(accountTokens).values(token);
  }

  async findByHash(tokenHash: string): Promise<AccountTokenRecord | null> {
    const [row] = await this.db.select().from(accountTokens).where(eq(accountTokens.tokenHash, tokenHash));
    return row ?? null;
  }

  async consume(
    tokenHash: string,
    purposes: AccountTokenPurpose[],
    now: Date,
  ): Promise<AccountTokenRecord | null> {
    const [row] = await this.db
      .update(accountTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountTokens.tokenHash, tokenHash),
          inArray(accountTokens.purpose, purposes),
          isNull(accountTokens.usedAt),
          gt(accountTokens.expiresAt, now),
        ),
      )
      .returning();
    return row ?? null;
  }

  async expireOpen(userId: string, purpose: AccountTokenPurpose, now: Date): Promise<void> {
    await this.db
      .update(accountTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountTokens.userId, userId),
          eq(accountTokens.purpose, purpose),
          isNull(accountTokens.usedAt),
        ),
      );
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: unknown; cause?: { code?: unknown } }).code ??
    (error as { cause?: { code?: unknown } }).cause?.code;
  return code === '23505';
}

export class DrizzleLoginEventRepo implements LoginEventRepo {
  constructor(private readonly db: Executor) {}

  async record(event: LoginEvent): Promise<void> {
    await this.db.insert(loginEvents).values(event);
  }
}

export function identityRepos(db: Executor) {
  return {
    users: new DrizzleUserRepo(db),
    tokens: new DrizzleAccountTokenRepo(db),
    sessions: new DrizzleSessionRepo(db),
    loginEvents: new DrizzleLoginEventRepo(db),
  };
}
