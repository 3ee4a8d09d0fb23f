import type { Locale, Role, User } from '@skriptoteket/contracts';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  passwordHash: string;
  isActive: boolean;
  failedLoginCount: number;
  lockedUntil: Date | null;
  emailVerifiedAt: Date | null;
  mustChangePassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SessionRecord {
  id: string;
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  revokedAt: Date | null;
  ip: string | null;
  userAgent: string | null;
}

export interface LockoutPolicy {
  maxFailures: number;
  lockoutMinutes: number;
}

export interface SessionPolicy {
  idleMinutes: number;
  maxDays: number;
}

export const MIN_PASSWORD_LENGTH = 12;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isValidEmail(email: string): boolean {
  return email.length <= 320 && EMAIL_PATTERN.test(email);
}

export function toPublicUser(user: UserRecord): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    mustChangePassword: user.mustChangePassword,
  };
}

/** Seconds the account stays locked at `now`, or 0 when it is not locked. */
export function lockRemainingSeconds(lockedUntil: Date | null, now: Date): number {
  if (!lockedUntil) return 0;
  return Math.max(0, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}

export interface LoginState {
  failedLoginCount: number;
  lockedUntil: Date | null;
}

/**
 * Reserves one password check before it is made (the repository does the same in one atomic statement). The
 * count holds the attempts since the last success; a reservation past `maxFailures` is refused and locks the
 * account, starting a fresh count for when the lock ends. A success resets the count, a failure leaves it, so a
 * burst of any size gets at most `maxFailures` password checks per lockout window.
 */
export function reserveLoginAttempt(
  state: LoginState,
  now: Date,
  policy: LockoutPolicy,
): { allowed: boolean; next: LoginState } {
  if (state.lockedUntil && state.lockedUntil > now) return { allowed: false, next: state };
  const attempts = state.lockedUntil ? 0 : state.failedLoginCount;
  if (attempts >= policy.maxFailures) {
    return {
      allowed: false,
      next: { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) },
    };
  }
  return { allowed: true, next: { failedLoginCount: attempts + 1, lockedUntil: null } };
}

export function isSessionValid(session: SessionRecord, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt > now && session.absoluteExpiresAt > now;
}

/** Sliding expiry: every use pushes the idle deadline forward, never past the absolute deadline. */
export function slidExpiry(session: SessionRecord, now: Date, policy: SessionPolicy): Date {
  const idle = new Date(now.getTime() + policy.idleMinutes * 60_000);
  return idle < session.absoluteExpiresAt ? idle : session.absoluteExpiresAt;
}

export function newSessionDeadlines(
  now: Date,
  policy: SessionPolicy,
): { expiresAt: Date; absoluteExpiresAt: Date } {
  const absoluteExpiresAt = new Date(now.getTime() + policy.maxDays * 86_400_000);
  const idle = new Date(now.getTime() + policy.idleMinutes * 60_000);
  return { expiresAt: idle < absoluteExpiresAt ? idle : absoluteExpiresAt, absoluteExpiresAt };
}
