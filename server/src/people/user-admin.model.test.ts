import { describe, expect, it } from 'vitest';
import {
  canCreateWithRole,
  canSeeLoginEvents,
  linkState,
  manageRefusal,
  roleChangeRefusal,
} from './user-admin.model';

const admin = { id: 'a', role: 'admin' as const };
const superuser = { id: 's', role: 'superuser' as const };
const contributor = { id: 'c', role: 'contributor' as const };

describe('role changes', () => {
  it('lets an admin grant up to admin to users below superuser', () => {
    expect(roleChangeRefusal(admin, { id: 'u', role: 'user' }, 'contributor')).toBeNull();
    expect(roleChangeRefusal(admin, { id: 'u', role: 'contributor' }, 'admin')).toBeNull();
    expect(roleChangeRefusal(admin, { id: 'u', role: 'admin' }, 'user')).toBeNull();
  });

  it('refuses an admin making anyone a superuser or touching one', () => {
    expect(roleChangeRefusal(admin, { id: 'u', role: 'admin' }, 'superuser')?.en).toMatch(/superuser/);
    expect(roleChangeRefusal(admin, { id: 'u', role: 'superuser' }, 'admin')?.en).toMatch(/superuser/);
  });

  it('lets a superuser grant any role, but nobody change their own', () => {
    expect(roleChangeRefusal(superuser, { id: 'u', role: 'user' }, 'superuser')).toBeNull();
    expect(roleChangeRefusal(superuser, { id: 'u', role: 'superuser' }, 'user')).toBeNull();
    expect(roleChangeRefusal(superuser, { id: 's', role: 'superuser' }, 'user')?.en).toMatch(/own role/);
  });

  it('refuses anyone below admin', () => {
    expect(roleChangeRefusal(contributor, { id: 'u', role: 'user' }, 'contributor')).not.toBeNull();
  });
});

describe('managing accounts', () => {
  it('keeps superusers out of an admin’s reach', () => {
    expect(manageRefusal(admin, { id: 'u', role: 'admin' })).toBeNull();
    expect(manageRefusal(admin, { id: 'u', role: 'superuser' })).not.toBeNull();
    expect(manageRefusal(superuser, { id: 'u', role: 'superuser' })).toBeNull();
    expect(manageRefusal(contributor, { id: 'u', role: 'user' })).not.toBeNull();
  });

  it('creates accounts up to the creator’s reach and shows login events to superusers only', () => {
    expect(canCreateWithRole(admin, 'admin')).toBe(true);
    expect(canCreateWithRole(admin, 'superuser')).toBe(false);
    expect(canCreateWithRole(superuser, 'superuser')).toBe(true);
    expect(canSeeLoginEvents(admin)).toBe(false);
    expect(canSeeLoginEvents(superuser)).toBe(true);
  });
});

describe('link state', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('is usable until it expires or is used', () => {
    expect(linkState({ usedAt: null, expiresAt: new Date('2026-03-01T10:00:01Z') }, now)).toBe('usable');
    expect(linkState({ usedAt: null, expiresAt: now }, now)).toBe('expired');
    expect(linkState({ usedAt: now, expiresAt: new Date('2026-03-09T00:00:00Z') }, now)).toBe('used');
  });
});
