import type { Locale, Role } from '@skriptoteket/contracts';
import type { SessionRecord, UserRecord } from './identity.model';

export interface UserRepo {
  findById(id: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  insert(user: UserRecord): Promise<void>;
  updateLoginState(id: string, state: { failedLoginCount: number; lockedUntil: Date | null }): Promise<void>;
  updateRole(id: string, role: Role, at: Date): Promise<void>;
  updatePasswordHash(id: string, passwordHash: string, at: Date): Promise<void>;
  /** The fields given; returns the updated user, or null when there is none by that id. */
  updateProfile(
    id: string,
    changes: { name?: string; locale?: Locale },
    at: Date,
  ): Promise<UserRecord | null>;
  countByRole(role: Role): Promise<number>;
}

export interface SessionRepo {
  insert(session: SessionRecord): Promise<void>;
  /** The session and its user in one lookup (every authenticated request does this). */
  findWithUser(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  touch(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  revoke(id: string, at: Date): Promise<void>;
  revokeAllForUser(userId: string, at: Date): Promise<void>;
}

export interface LoginEvent {
  userId: string | null;
  email: string;
  outcome: 'success' | 'failure' | 'locked' | 'inactive';
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

export interface LoginEventRepo {
  record(event: LoginEvent): Promise<void>;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface IdentityRepos {
  users: UserRepo;
  sessions: SessionRepo;
  loginEvents: LoginEventRepo;
}
