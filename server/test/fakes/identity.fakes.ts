import type { Locale, Role } from '@skriptoteket/contracts';
import type { SessionRecord, UserRecord } from '../../src/identity/identity.model';
import type {
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
  async updateRole(id: string, role: Role, at: Date) {
    Object.assign(this.rows.get(id)!, { role, updatedAt: at });
  }
  async updatePasswordHash(id: string, passwordHash: string, at: Date) {
    Object.assign(this.rows.get(id)!, { passwordHash, updatedAt: at });
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
    loginEvents: new InMemoryLoginEventRepo(),
  } satisfies IdentityRepos;
}
