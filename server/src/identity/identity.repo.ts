import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Locale, Role } from '@skriptoteket/contracts';
import type { Executor } from '../db/client';
import { loginEvents, sessions, users } from '../db/schema/index';
import type { SessionRecord, UserRecord } from './identity.model';
import type { LoginEvent, LoginEventRepo, SessionRepo, UserRepo } from './identity.ports';

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

  async updateRole(id: string, role: Role, at: Date): Promise<void> {
    await this.db.update(users).set({ role, updatedAt: at }).where(eq(users.id, id));
  }

  async updatePasswordHash(id: string, passwordHash: string, at: Date): Promise<void> {
    await this.db.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, id));
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
    sessions: new DrizzleSessionRepo(db),
    loginEvents: new DrizzleLoginEventRepo(db),
  };
}
