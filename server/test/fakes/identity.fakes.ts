import type { Locale, Role } from '@skriptoteket/contracts';
import {
  isSessionValid,
  reserveLoginAttempt,
  type LockoutPolicy,
  type SessionRecord,
  type UserRecord,
} from '../../src/identity/identity.model';
import type {
  AccountTokenPurpose,
  AccountTokenRecord,
  AccountTokenRepo,
  IdentityRepos,
  LoginEvent,
  LoginEventRepo,
  PasswordHasher,
  SessionRepo,
  UserRepo,
} from '../../src/identity/identity.ports';

export class InMemoryUserRepo implements UserRepo {
  readonly rows = new Map<string, UserRecord>();
  async findById(id: string) {
    return structuredClone(this.rows.get(id) ?? null);
  }
  async findByEmail(email: string) {
    return structuredClone([...this.rows.values()].find((u) => u.email === email) ?? null);
  }
  async insert(user: UserRecord) {
    this.rows.set(user.id, structuredClone(user));
  }
  async updateLoginState(id: string, state: { failedLoginCount: number; lockedUntil: Date | null }) {
    Object.assign(this.rows.get(id)!, state);
  }
  async reserveLoginAttempt(id: string, now: Date, policy: LockoutPolicy) {
    const row = this.rows.get(id)!;
    const { allowed, next } = reserveLoginAttempt(row, now, policy);
    Object.assign(row, next);
    return allowed ? null : { lockedUntil: row.lockedUntil! };
  }
  async clearLoginAttempts(id: string, now: Date) {
    const row = this.rows.get(id)!;
    if (!row.lockedUntil || row.lockedUntil <= now)
      Object.assign(row, { failedLoginCount: 0, lockedUntil: null });
  }
  async markEmailVerified(id: string, at: Date) {
    const row = this.rows.get(id)!;
    row.emailVerifiedAt ??= at;
  }
  async updateEmail(id: string, email: string, at: Date) {
    if ([...this.rows.values()].some((u) => u.email === email && u.id !== id)) return false;
    Object.assign(this.rows.get(id)!, { email, emailVerifiedAt: at, updatedAt: at });
    return true;
  }
  async updateRole(id: string, role: Role, at: Date) {
    Object.assign(this.rows.get(id)!, { role, updatedAt: at });
  }
  async updatePasswordHash(id: string, passwordHash: string, at: Date) {
    Object.assign(this.rows.get(id)!, { passwordHash, mustChangePassword: false, updatedAt: at });
  }
  async updateProfile(id: string, changes: { name?: string; locale?: Locale }, at: Date) {
    const row = this.rows.get(id);
    if (!row) return null;
    Object.assign(row, changes, { updatedAt: at });
    return structuredClone(row);
  }
  async countByRole(role: Role) {
    return [...this.rows.values()].filter((u) => u.role === role).length;
  }
}

export class InMemorySessionRepo implements SessionRepo {
  readonly rows = new Map<string, SessionRecord>();
  constructor(private readonly users: InMemoryUserRepo) {}
  async findWithUser(tokenHash: string) {
    const session = structuredClone([...this.rows.values()].find((s) => s.tokenHash === tokenHash) ?? null);
    const user = session ? await this.users.findById(session.userId) : null;
    return session && user ? { session, user } : null;
  }
  async insert(session: SessionRecord) {
    this.rows.set(session.id, structuredClone(session));
  }
  async touch(id: string, lastSeenAt: Date, expiresAt: Date) {
    Object.assign(this.rows.get(id)!, { lastSeenAt, expiresAt });
  }
  async revoke(id: string, at: Date) {
    const row = this.rows.get(id);
    if (row && !row.revokedAt) row.revokedAt = at;
  }
  async revokeAllForUser(userId: string, at: Date) {
    for (const row of this.rows.values()) if (row.userId === userId && !row.revokedAt) row.revokedAt = at;
  }
  async revokeOthersForUser(userId: string, keepSessionId: string, at: Date) {
    for (const row of this.rows.values())
      if (row.userId === userId && row.id !== keepSessionId && !row.revokedAt) row.revokedAt = at;
  }
  async listActiveForUser(userId: string, now: Date) {
    return structuredClone(
      [...this.rows.values()]
        .filter((s) => s.userId === userId && isSessionValid(s, now))
        .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime()),
    );
  }
  async revokeOwn(userId: string, sessionId: string, at: Date) {
    const row = this.rows.get(sessionId);
    if (!row || row.userId !== userId || row.revokedAt) return false;
    row.revokedAt = at;
    return true;
  }
}

export class InMemoryAccountTokenRepo implements AccountTokenRepo {
  readonly rows: AccountTokenRecord[] = [];
  async insert(token: AccountTokenRecord) {
    this.rows.push(structuredClone(token));
  }
  async findByHash(tokenHash: string) {
    return structuredClone(this.rows.find((t) => t.tokenHash === tokenHash) ?? null);
  }
  async consume(tokenHash: string, purposes: AccountTokenPurpose[], now: Date) {
    const row = this.rows.find(
      (t) => t.tokenHash === tokenHash && purposes.includes(t.purpose) && !t.usedAt && t.expiresAt > now,
    );
    if (!row) return null;
    row.usedAt = now;
    return structuredClone(row);
  }
  async expireOpen(userId: string, purpose: AccountTokenPurpose, now: Date) {
    for (const row of this.rows)
      if (row.userId === userId && row.purpose === purpose && !row.usedAt) row.usedAt = now;
  }
}

export class InMemoryLoginEventRepo implements LoginEventRepo {
  readonly events: LoginEvent[] = [];
  async record(event: LoginEvent) {
    this.events.push(event);
  }
}

/** Reversible "hash" so unit tests run without Argon2's cost; the real hasher has its own test. */
export class PlainTextHasher implements PasswordHasher {
  async hash(password: string) {
    return `plain:${password}`;
  }
  async verify(hash: string, password: string) {
    return hash === `plain:${password}`;
  }
}

export function inMemoryIdentityRepos() {
  const users = new InMemoryUserRepo();
  return {
    users,
    sessions: new InMemorySessionRepo(users),
    tokens: new InMemoryAccountTokenRepo(),
    loginEvents: new InMemoryLoginEventRepo(),
  } satisfies IdentityRepos;
}
