import { and, asc, desc, eq, gt, ilike, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { accountLinks, loginEvents, users } from '../db/schema/index';
import { DrizzleAuditRepo } from '../authoring/authoring.repo';
import type { UserRecord } from '../identity/identity.model';
import { DrizzleSessionRepo, DrizzleUserRepo } from '../identity/identity.repo';
import type { AccountLinkRecord } from './user-admin.model';
import type {
  AccountLinkRepo,
  AdminUserRow,
  LoginEventReadRepo,
  StoredLoginEvent,
  UserAdminRepo,
  UserAdminRepos,
} from './user-admin.ports';

/**
 * Invited, and no link of theirs has been used yet (so they have never chosen a password). Written with table
 * names spelled out: Drizzle leaves columns unqualified in a one-table select, and `id` would then be the link's.
 */
const isInvitationPending = sql<boolean>`(exists (select 1 from account_links l
  where l.user_id = "users"."id" and l.purpose = 'invitation')
  and not exists (select 1 from account_links l
  where l.user_id = "users"."id" and l.used_at is not null))`;

/** `%`, `_` and `\` match themselves in a search. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class DrizzleUserAdminRepo implements UserAdminRepo {
  constructor(private readonly db: Executor) {}

  async list(filter: { q?: string; afterEmail?: string; limit: number }): Promise<AdminUserRow[]> {
    const conditions = [];
    if (filter.q) {
      const pattern = likePattern(filter.q);
      conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern)));
    }
    if (filter.afterEmail) conditions.push(gt(users.email, filter.afterEmail));
    const rows = await this.db
      .select({ user: users, isInvitationPending })
      .from(users)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(users.email))
      .limit(filter.limit);
    return rows.map((r) => ({ ...r.user, isInvitationPending: r.isInvitationPending }));
  }

  async findRowById(id: string): Promise<AdminUserRow | null> {
    const [row] = await this.db
      .select({ user: users, isInvitationPending })
      .from(users)
      .where(eq(users.id, id));
    return row ? { ...row.user, isInvitationPending: row.isInvitationPending } : null;
  }

  async findByIdForUpdate(id: string): Promise<UserRecord | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, id)).for('update');
    return row ?? null;
  }

  async setActive(id: string, isActive: boolean, at: Date): Promise<void> {
    await this.db.update(users).set({ isActive, updatedAt: at }).where(eq(users.id, id));
  }

  async markEmailVerified(id: string, at: Date): Promise<void> {
    await this.db
      .update(users)
      .set({ emailVerifiedAt: at })
      .where(and(eq(users.id, id), isNull(users.emailVerifiedAt)));
  }
}

export class DrizzleAccountLinkRepo implements AccountLinkRepo {
  constructor(private readonly db: Executor) {}

  async insert(link: AccountLinkRecord): Promise<void> {
    await this.db.insert(accountLinks).values(link);
  }

  async consume(tokenHash: string, now: Date): Promise<AccountLinkRecord | null> {
    const [row] = await this.db
      .update(accountLinks)
      .set({ usedAt: now })
      .where(
        and(
          eq(accountLinks.tokenHash, tokenHash),
          isNull(accountLinks.usedAt),
          gt(accountLinks.expiresAt, now),
        ),
      )
      .returning();
    return row ?? null;
  }

  async findByTokenHash(tokenHash: string): Promise<AccountLinkRecord | null> {
    const [row] = await this.db.select().from(accountLinks).where(eq(accountLinks.tokenHash, tokenHash));
    return row ?? null;
  }

  async retireUnused(userId: string, at: Date): Promise<void> {
    // Ended by moving the expiry, so a later use of the old link says "expired", not "invalid".
    await this.db
      .update(accountLinks)
      .set({ expiresAt: at })
      .where(
        and(eq(accountLinks.userId, userId), isNull(accountLinks.usedAt), gt(accountLinks.expiresAt, at)),
      );
  }
}

export class DrizzleLoginEventReadRepo implements LoginEventReadRepo {
  constructor(private readonly db: Executor) {}

  async listForUser(
    userId: string,
    filter: { beforeId?: number; limit: number },
  ): Promise<StoredLoginEvent[]> {
    const rows = await this.db
      .select()
      .from(loginEvents)
      .where(
        and(
          eq(loginEvents.userId, userId),
          filter.beforeId ? lt(loginEvents.id, filter.beforeId) : undefined,
        ),
      )
      .orderBy(desc(loginEvents.id))
      .limit(filter.limit);
    return rows;
  }
}

export function userAdminRepos(db: Executor): UserAdminRepos {
  return {
    users: new DrizzleUserRepo(db),
    admin: new DrizzleUserAdminRepo(db),
    sessions: new DrizzleSessionRepo(db),
    links: new DrizzleAccountLinkRepo(db),
    loginEvents: new DrizzleLoginEventReadRepo(db),
    audit: new DrizzleAuditRepo(db),
  };
}
