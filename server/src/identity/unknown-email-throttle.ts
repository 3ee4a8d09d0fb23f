import {
  lockRemainingSeconds,
  reserveLoginAttempt,
  type LockoutPolicy,
  type LoginState,
} from './identity.model';

const MAX_TRACKED = 10_000;

/**
 * Lockout bookkeeping for e-mail addresses that have no account, kept in memory. Without it, only real accounts
 * would ever answer "locked", which would reveal which addresses exist.
 */
export class UnknownEmailThrottle {
  private readonly entries = new Map<string, LoginState>();

  constructor(private readonly policy: LockoutPolicy) {}

  /** Reserves an attempt like an account does; returns the seconds of lock remaining, 0 when allowed. */
  reserve(email: string, now: Date): number {
    const entry = this.entries.get(email) ?? { failedLoginCount: 0, lockedUntil: null };
    const { allowed, next } = reserveLoginAttempt(entry, now, this.policy);
    this.entries.delete(email);
    if (this.entries.size >= MAX_TRACKED) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(email, next);
    return allowed ? 0 : Math.max(1, lockRemainingSeconds(next.lockedUntil, now));
  }
}
