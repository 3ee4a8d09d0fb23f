import { describe, expect, it } from 'vitest';
import {
  afterFailedLogin,
  isSessionValid,
  lockRemainingSeconds,
  newSessionDeadlines,
  normalizeEmail,
  slidExpiry,
  type SessionRecord,
} from './identity.model';

const now = new Date('2026-03-01T10:00:00Z');
const policy = { maxFailures: 5, lockoutMinutes: 15 };

describe('lockout rule', () => {
  it('counts failures below the limit without locking', () => {
    expect(afterFailedLogin(3, now, policy)).toEqual({ failedLoginCount: 4, lockedUntil: null });
  });

  it('locks for the configured minutes on reaching the limit and restarts the count', () => {
    const state = afterFailedLogin(4, now, policy);
    expect(state.failedLoginCount).toBe(0);
    expect(state.lockedUntil?.toISOString()).toBe('2026-03-01T10:15:00.000Z');
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
