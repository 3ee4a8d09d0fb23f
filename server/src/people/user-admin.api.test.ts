import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestClient, type TestContext } from '../../test/api-harness';
import { CapturingMail } from '../../test/fakes/captured-mail';

type Client = TestClient & { user: { id: string; email: string } };
const NEW_PASSWORD = 'ett-nytt-langt-losenord';
const DAY = 86_400_000;

describe('user administration API', () => {
  let ctx: TestContext;
  let admin: Client;
  let superuser: Client;
  const mail = new CapturingMail();

  beforeAll(async () => {
    ctx = await createTestContext({ mail, env: { SKRIPTOTEKET_LOGIN_MAX_FAILURES: '3' } });
    admin = await ctx.signedIn('admin', 'admin@skola.se');
    superuser = await ctx.signedIn('superuser', 'super@skola.se');
  });
  afterAll(async () => {
    await ctx.close();
  });

  const invite = async (email: string, role = 'user', by: Client = admin) => {
    const response = await by.post('/api/v1/admin/users', { email, name: `Namn ${email}`, role });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{
      user: { id: string; isInvitationPending: boolean };
      invitation: { sentTo: string };
    }>();
  };
  const setPassword = (token: string, password = NEW_PASSWORD) =>
    ctx.client().post('/api/v1/auth/set-password', { token, password });
  const patch = (by: Client, userId: string, body: object) =>
    by.request({ method: 'PATCH', url: `/api/v1/admin/users/${userId}`, payload: body });
  const auditActions = async () =>
    (await admin.get('/api/v1/admin/audit?limit=100'))
      .json<{ items: { action: string; details: { email?: string } }[] }>()
      .items.map((e) => `${e.action} ${e.details.email ?? ''}`);

  it('invites a new person, who sets a password once through the link and then signs in', async () => {
    const created = await invite('Ny.Larare@Skola.se', 'contributor');
    expect(created.user).toMatchObject({
      email: 'ny.larare@skola.se',
      role: 'contributor',
      isInvitationPending: true,
    });
    expect(created.invitation.sentTo).toBe('ny.larare@skola.se');
    expect(mail.sent.at(-1)).toMatchObject({ kind: 'invitation', to: { email: 'ny.larare@skola.se' } });
    expect(mail.sent.at(-1)!.url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/set-password\?token=/);

    expect((await ctx.client().login('ny.larare@skola.se', NEW_PASSWORD)).statusCode).toBe(401);
    const pending = await admin.get(`/api/v1/admin/users/${created.user.id}`);
    expect(pending.json()).toMatchObject({ isInvitationPending: true });
    const token = mail.lastToken('ny.larare@skola.se');
    const short = await setPassword(token, 'kort');
    expect(short.statusCode).toBe(422);
    expect((await setPassword(token)).json()).toEqual({ email: 'ny.larare@skola.se' });
    const reused = await setPassword(token, 'ett-annat-langt-losenord');
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ error: { details: { reason: 'LINK_USED' } } });
    expect((await ctx.client().login('ny.larare@skola.se', NEW_PASSWORD)).statusCode).toBe(200);
    const shown = await admin.get(`/api/v1/admin/users/${created.user.id}`);
    expect(shown.json()).toMatchObject({ isInvitationPending: false });
    expect(await auditActions()).toContain('user.created ny.larare@skola.se');
  });

  it('refuses a taken e-mail address, an unknown link, and an expired one that a new invitation replaces', async () => {
    expect((await admin.post('/api/v1/admin/users', { email: 'ny.larare@skola.se' })).statusCode).toBe(409);
    const unknown = await setPassword('x'.repeat(43));
    expect(unknown.json()).toMatchObject({
      error: { code: 'VALIDATION_ERROR', details: { reason: 'LINK_INVALID' } },
    });

    const created = await invite('sen@skola.se');
    const oldToken = mail.lastToken('sen@skola.se');
    ctx.clock.advance(8 * DAY);
    // A week later the admins' own sessions have ended too.
    for (const [client, email] of [
      [admin, 'admin@skola.se'],
      [superuser, 'super@skola.se'],
    ] as const) {
      client.cookies.clear();
      client.csrfToken = undefined;
      expect((await client.login(email, TEST_PASSWORD)).statusCode).toBe(200);
    }
    const expired = await setPassword(oldToken);
    expect(expired.json()).toMatchObject({ error: { details: { reason: 'LINK_EXPIRED' } } });
    expect(expired.json<{ error: { message: string } }>().error.message).toMatch(/gått ut/);

    const resent = await admin.post(`/api/v1/admin/users/${created.user.id}/send-reset`);
    expect(resent.statusCode).toBe(200);
    expect(mail.sent.at(-1)).toMatchObject({ kind: 'invitation', to: { email: 'sen@skola.se' } });
    expect((await setPassword(mail.lastToken('sen@skola.se'))).statusCode).toBe(200);
  });

  it('searches by name or e-mail and pages through the users in e-mail order', async () => {
    for (const n of [1, 2, 3]) await invite(`sok${n}@exempel.se`);
    const byEmail = await admin.get('/api/v1/admin/users?q=EXEMPEL');
    expect(byEmail.json<{ items: { email: string }[] }>().items.map((u) => u.email)).toEqual([
      'sok1@exempel.se',
      'sok2@exempel.se',
      'sok3@exempel.se',
    ]);
    const byName = await admin.get(`/api/v1/admin/users?q=${encodeURIComponent('namn sok2')}`);
    expect(byName.json<{ items: { email: string }[] }>().items.map((u) => u.email)).toEqual([
      'sok2@exempel.se',
    ]);
    expect((await admin.get('/api/v1/admin/users?q=%25')).json<{ items: unknown[] }>().items).toEqual([]);

    const first = (await admin.get('/api/v1/admin/users?q=exempel&limit=2')).json<{
      items: { email: string }[];
      nextCursor: string;
    }>();
    expect(first.items.map((u) => u.email)).toEqual(['sok1@exempel.se', 'sok2@exempel.se']);
    const rest = (
      await admin.get(`/api/v1/admin/users?q=exempel&limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json<{ items: { email: string }[]; nextCursor: string | null }>();
    expect(rest).toEqual({
      items: [expect.objectContaining({ email: 'sok3@exempel.se' })],
      nextCursor: null,
    });
  });

  it('lets admins change roles up to admin, and only superusers grant or take away superuser', async () => {
    const target = await ctx.signedIn('user', 'roll@skola.se');
    expect((await patch(admin, target.user.id, { role: 'contributor' })).json()).toMatchObject({
      role: 'contributor',
    });
    expect((await patch(admin, target.user.id, { role: 'admin' })).statusCode).toBe(200);
    const promote = await patch(admin, target.user.id, { role: 'superuser' });
    expect(promote.statusCode).toBe(403);
    expect(promote.json<{ error: { message: string } }>().error.message).toMatch(/superanvändare/);
    expect((await patch(admin, superuser.user.id, { role: 'user' })).statusCode).toBe(403);
    expect((await patch(admin, superuser.user.id, { isActive: false })).statusCode).toBe(403);
    expect((await patch(admin, admin.user.id, { role: 'user' })).statusCode).toBe(403);
    expect(
      (await admin.post('/api/v1/admin/users', { email: 'ny.super@skola.se', role: 'superuser' })).statusCode,
    ).toBe(403);

    expect((await patch(superuser, target.user.id, { role: 'superuser' })).json()).toMatchObject({
      role: 'superuser',
    });
    expect((await target.get('/api/v1/auth/me')).json()).toMatchObject({ user: { role: 'superuser' } });
    expect((await patch(superuser, target.user.id, { role: 'user' })).statusCode).toBe(200);
    expect(await auditActions()).toContain('user.role_changed roll@skola.se');
  });

  it('refuses an admin who makes anyone a superuser, themselves included, and changes nothing', async () => {
    const targets = [
      (await ctx.signedIn('user', 'befordra-user@skola.se')).user,
      (await ctx.signedIn('contributor', 'befordra-contributor@skola.se')).user,
      (await ctx.signedIn('admin', 'befordra-admin@skola.se')).user,
      admin.user,
    ];
    for (const target of targets) {
      const before = (await admin.get(`/api/v1/admin/users/${target.id}`)).json<{ role: string }>().role;
      const promote = await patch(admin, target.id, { role: 'superuser' });
      expect(promote.statusCode, target.email).toBe(403);
      expect(promote.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
      const after = (await admin.get(`/api/v1/admin/users/${target.id}`)).json<{ role: string }>().role;
      expect(after, target.email).toBe(before);
    }
    const created = await admin.post('/api/v1/admin/users', {
      email: 'blir-super@skola.se',
      role: 'superuser',
    });
    expect(created.statusCode).toBe(403);
    const found = await admin.get('/api/v1/admin/users?q=blir-super');
    expect(found.json<{ items: unknown[] }>().items).toEqual([]);
    expect((await auditActions()).filter((a) => a.startsWith('user.role_changed befordra'))).toEqual([]);
  });

  it('deactivates: the person is signed out at once and gets 401; reactivated, they can sign in again', async () => {
    const target = await ctx.signedIn('contributor', 'inaktiv@skola.se');
    const otherDevice = ctx.client();
    expect((await otherDevice.login('inaktiv@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await patch(admin, target.user.id, { isActive: false })).json()).toMatchObject({
      isActive: false,
    });
    for (const client of [target, otherDevice]) {
      expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
      expect((await client.get('/api/v1/admin/tools')).statusCode).toBe(401);
    }
    expect((await ctx.client().login('inaktiv@skola.se', TEST_PASSWORD)).statusCode).toBe(403);
    expect((await admin.post(`/api/v1/admin/users/${target.user.id}/send-reset`)).statusCode).toBe(409);
    expect((await patch(admin, admin.user.id, { isActive: false })).statusCode).toBe(409);

    expect((await patch(admin, target.user.id, { isActive: true })).json()).toMatchObject({ isActive: true });
    expect((await ctx.client().login('inaktiv@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
    const actions = await auditActions();
    expect(actions).toContain('user.deactivated inaktiv@skola.se');
    expect(actions).toContain('user.reactivated inaktiv@skola.se');
  });

  it('unlocks an account locked after failed sign-ins', async () => {
    const target = await ctx.signedIn('user', 'last@skola.se');
    for (let i = 0; i < 3; i++) await ctx.client().login('last@skola.se', 'fel-losenord');
    expect((await ctx.client().login('last@skola.se', TEST_PASSWORD)).statusCode).toBe(423);
    expect((await admin.get(`/api/v1/admin/users/${target.user.id}`)).json()).toMatchObject({
      lockedUntil: expect.any(String),
    });
    const unlocked = await admin.post(`/api/v1/admin/users/${target.user.id}/unlock`);
    expect(unlocked.json()).toMatchObject({ lockedUntil: null });
    expect((await ctx.client().login('last@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions()).toContain('user.unlocked last@skola.se');
  });

  it('sends a reset link that sets a new password and signs out every session', async () => {
    const target = await ctx.signedIn('user', 'glomsk@skola.se');
    const sent = await admin.post(`/api/v1/admin/users/${target.user.id}/send-reset`);
    expect(sent.json()).toMatchObject({ sentTo: 'glomsk@skola.se', expiresAt: expect.any(String) });
    expect(mail.sent.at(-1)).toMatchObject({ kind: 'password_reset' });
    expect((await setPassword(mail.lastToken('glomsk@skola.se'))).statusCode).toBe(200);
    expect((await target.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await ctx.client().login('glomsk@skola.se', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await ctx.client().login('glomsk@skola.se', NEW_PASSWORD)).statusCode).toBe(200);
    expect(await auditActions()).toContain('user.reset_sent glomsk@skola.se');
  });

  it('shows a user’s sign-in events to superusers only, and forgets them after 90 days', async () => {
    const target = await ctx.signedIn('user', 'handelser@skola.se');
    await ctx.client().request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'handelser@skola.se', password: 'fel-losenord' },
      headers: { 'user-agent': 'Skolwebbläsaren/1.0' },
    });
    const url = `/api/v1/admin/users/${target.user.id}/login-events`;
    expect((await admin.get(url)).statusCode).toBe(403);
    const events = (await superuser.get(url)).json<{
      items: { outcome: string; ip: string | null; userAgent: string | null }[];
    }>().items;
    expect(events.map((e) => e.outcome)).toEqual(['failure', 'success']);
    expect(events[0]).toMatchObject({ ip: '127.0.0.1', userAgent: 'Skolwebbläsaren/1.0' });

    await ctx.runtime.retention.runOnce(new Date(ctx.clock.now().getTime() + 91 * DAY));
    expect((await superuser.get(url)).json()).toEqual({ items: [], nextCursor: null });
  });
});
