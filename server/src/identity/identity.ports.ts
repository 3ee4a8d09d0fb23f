import type { Locale, Role } from '@skriptoteket/contracts';
import type { LockoutPolicy, SessionRecord, UserRecord } from './identity.model';

export interface UserRepo {
  findById(id: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  insert(user: UserRecord): Promise<void>;
  updateLoginState(id: string, state: { failedLoginCount: number; lockedUntil: Date | null }): Promise<void>;
  /**
   * Atomically reserves one password check (identity.model `reserveLoginAttempt`), so concurrent attempts each
   * see the others. Returns when the account is locked (null: the check may go ahead).
   */
  reserveLoginAttempt(id: string, now: Date, policy: LockoutPolicy): Promise<{ lockedUntil: Date } | null>;
  /** After a correct password: the attempts start over, unless a concurrent burst has locked the account. */
  clearLoginAttempts(id: string, now: Date): Promise<void>;
  markEmailVerified(id: string, at: Date): Promise<void>;
  /** False when another account has the address by now. */
  updateEmail(id: string, email: string, at: Date): Promise<boolean>;
  updateRole(id: string, role: Role, at: Date): Promise<void>;
  /** Also clears `mustChangePassword`: the user chose this password. */
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
  revokeOthersForUser(userId: string, keepSessionId: string, at: Date): Promise<void>;
  /** Sessions of the user that are neither revoked nor expired, newest first. */
  listActiveForUser(userId: string, now: Date): Promise<SessionRecord[]>;
  /** Revokes the user's own session; false when it is not theirs or already over. */
  revokeOwn(userId: string, sessionId: string, at: Date): Promise<boolean>;
}

export type AccountTokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

export interface AccountTokenRecord {
  id: string;
  userId: string;
  purpose: AccountTokenPurpose;
  tokenHash: string;
  newEmail: string | null;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface AccountTokenRepo {
  insert(token: AccountTokenRecord): Promise<void>;
  findByHash(tokenHash: string): Promise<AccountTokenRecord | null>;
  /** Marks the token used if it is unused and unexpired, in one statement; null when it was not. */
  consume(tokenHash: string, purposes: AccountTokenPurpose[], now: Date): Promise<AccountTokenRecord | null>;
  /** Marks the user's other open tokens of the purpose used (a reset makes older reset links worthless). */
  expireOpen(userId: string, purpose: AccountTokenPurpose, now: Date): Promise<void>;
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
  tokens: AccountTokenRepo;
  sessions: SessionRepo;
  loginEvents: LoginEventRepo;
}
