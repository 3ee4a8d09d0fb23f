import { afterFailedLogin, lockRemainingSeconds, type LockoutPolicy } from './identity.model';

const MAX_TRACKED = 10_000;

/**
 * Lockout bookkeeping for e-mail addresses that have no account, kept in memory. Without it, only real accounts
 * would ever answer "locked", which would reveal which addresses exist.
 */
export class UnknownEmailThrottle {
  private readonly entries = new Map<string, { failedLoginCount: number; lockedUntil: Date | null }>();

  constructor(private readonly policy: LockoutPolicy) {}

  /** Returns the seconds of lock remaining (before counting this attempt), counting a failure when not locked. */
  failAndCheck(email: string, now: Date): number {
    const entry = this.entries.get(email) ?? { failedLoginCount: 0, lockedUntil: null };
    const remaining = lockRemainingSeconds(entry.lockedUntil, now);
    if (remaining > 0) return remaining;
    this.entries.delete(email);
    if (this.entries.size >= MAX_TRACKED) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(email, afterFailedLogin(entry.failedLoginCount, now, this.policy));
    return 0;
  }
}
