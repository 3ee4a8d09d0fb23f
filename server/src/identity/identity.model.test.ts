import { describe, expect, it } from 'vitest';
import {
  isSessionValid,
  lockRemainingSeconds,
  newSessionDeadlines,
  normalizeEmail,
  reserveLoginAttempt,
  slidExpiry,
  type SessionRecord,
} from './identity.model';

const now = new Date('2026-03-01T10:00:00Z');
const policy = { maxFailures: 5, lockoutMinutes: 15 };

describe('lockout rule', () => {
  it('reserves a password check while the attempts since the last success are below the limit', () => {
    expect(reserveLoginAttempt({ failedLoginCount: 4, lockedUntil: null }, now, policy)).toEqual({
      allowed: true,
      next: { failedLoginCount: 5, lockedUntil: null },
    });
  });

  it('refuses the attempt past the limit, locks for the configured minutes and restarts the count', () => {
    const { allowed, next } = reserveLoginAttempt({ failedLoginCount: 5, lockedUntil: null }, now, policy);
    expect(allowed).toBe(false);
    expect(next).toEqual({ failedLoginCount: 0, lockedUntil: new Date('2026-03-01T10:15:00.000Z') });
  });

  it('refuses while locked and gives the full number of attempts once the lock has ended', () => {
    const lockedUntil = new Date(now.getTime() + 1000);
    expect(reserveLoginAttempt({ failedLoginCount: 0, lockedUntil }, now, policy).allowed).toBe(false);
    const later = new Date(now.getTime() + 2000);
    expect(reserveLoginAttempt({ failedLoginCount: 0, lockedUntil }, later, policy).next).toEqual({
      failedLoginCount: 1,
      lockedUntil: null,
    });
  });

  it('gives at most the limit of checks to any number of attempts in a row', () => {
    let state = { failedLoginCount: 0, lockedUntil: null as Date | null };
    let allowed = 0;
    for (let i = 0; i < 50; i++) {
      const result = reserveLoginAttempt(state, now, policy);
      if (result.allowed) allowed++;
      state = result.next;
    }
    expect(allowed).toBe(policy.maxFailures);
  });

  it('reports the remaining lock in whole seconds, rounding up', () => {
    expect(lockRemainingSeconds(new Date(now.getTime() + 1500), now)).toBe(2);
    expect(lockRemainingSeconds(new Date(now.getTime() - 1), now)).toBe(0);
    expect(lockRemainingSeconds(null, now)).toBe(0);
  });
});

describe('sessions', () => {
  const sessionPolicy = { idleMinutes: 60, maxDays: 1 };
  const base = (): SessionRecord => ({
    id: 's',
    tokenHash: 'h',
    userId: 'u',
    csrfToken: 'c',
    createdAt: now,
    lastSeenAt: now,
    ...newSessionDeadlines(now, sessionPolicy),
    revokedAt: null,
    ip: null,
    userAgent: null,
  });

  it('starts with the idle deadline and an absolute deadline', () => {
    const s = base();
    expect(s.expiresAt.toISOString()).toBe('2026-03-01T11:00:00.000Z');
    expect(s.absoluteExpiresAt.toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('slides the idle deadline but never past the absolute one', () => {
    const s = base();
    expect(slidExpiry(s, new Date('2026-03-01T12:00:00Z'), sessionPolicy).toISOString()).toBe(
      '2026-03-01T13:00:00.000Z',
    );
    expect(slidExpiry(s, new Date('2026-03-02T09:30:00Z'), sessionPolicy).toISOString()).toBe(
      '2026-03-02T10:00:00.000Z',
    );
  });

  it('is invalid when revoked, idle-expired or past the absolute deadline', () => {
    expect(isSessionValid(base(), now)).toBe(true);
    expect(isSessionValid({ ...base(), revokedAt: now }, now)).toBe(false);
    expect(isSessionValid(base(), new Date('2026-03-01T11:00:01Z'))).toBe(false);
    expect(
      isSessionValid(
        { ...base(), expiresAt: new Date('2026-03-05T00:00:00Z') },
        new Date('2026-03-02T10:00:01Z'),
      ),
    ).toBe(false);
  });
});

it('normalizes e-mail addresses by trimming and lower-casing', () => {
  expect(normalizeEmail('  Anna.Berg@Skola.SE ')).toBe('anna.berg@skola.se');
});
