import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestClient, type TestContext } from '../../test/api-harness';
import { linkIn, SmtpCapture } from '../../test/smtp-capture';
import { users } from '../db/schema/index';

const NEW_PASSWORD = 'ett-helt-nytt-losenord';

describe('self-service accounts over a real SMTP server', () => {
  const smtp = new SmtpCapture();
  let ctx: TestContext;

  beforeAll(async () => {
    await smtp.start();
    ctx = await createTestContext({
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Skriptoteket <no-reply@skola.se>',
        SKRIPTOTEKET_PUBLIC_URL: 'http://skriptoteket.test',
        SKRIPTOTEKET_REGISTRATION: 'domains',
        SKRIPTOTEKET_REGISTRATION_DOMAINS: 'skola.se, kommun.se',
        SKRIPTOTEKET_ACCOUNT_RATE_PER_MINUTE: '1000',
      },
    });
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.stop();
  });

  const register = (client: TestClient, email: string, extra: Record<string, unknown> = {}) =>
    client.post('/api/v1/auth/register', { email, password: TEST_PASSWORD, name: 'Nora Ny', ...extra });

  it('mails a verification link that verifies once and only once, then the account can sign in', async () => {
    const client = ctx.client();
    const registered = await register(client, 'nora@skola.se', { locale: 'en' });
    expect(registered.statusCode).toBe(202);
    expect(registered.json()).toEqual({ status: 'accepted' });

    const before = await ctx.client().login('nora@skola.se', TEST_PASSWORD);
    expect(before.statusCode).toBe(403);
    expect(before.json().error.code).toBe('EMAIL_NOT_VERIFIED');

    const [mail] = await smtp.waitFor('nora@skola.se');
    expect(mail!.subject).toBe('Confirm your email address for Skriptoteket');
    expect(mail!.html).toContain('Confirm email address');
    const link = linkIn(mail!, '/verify');
    expect(link.origin).toBe('http://skriptoteket.test');
    const token = link.searchParams.get('token')!;

    const verified = await client.post('/api/v1/auth/verify-email', { token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ kind: 'registration', email: 'nora@skola.se' });
    const again = await client.post('/api/v1/auth/verify-email', { token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.code).toBe('LINK_INVALID');

    const login = await ctx.client().login('nora@skola.se', TEST_PASSWORD);
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ role: 'user', name: 'Nora Ny', locale: 'en' });
  });

  it('stores only a hash of the link token', async () => {
    await register(ctx.client(), 'hash@skola.se');
    const [mail] = await smtp.waitFor('hash@skola.se');
    const token = linkIn(mail!, '/verify').searchParams.get('token')!;
    const dump = JSON.stringify(await ctx.database.db.execute('select * from account_tokens'));
    expect(dump).not.toContain(token);
  });

  it('explains an expired link and sends a new one from it, which works', async () => {
    const client = ctx.client();
    await register(client, 'sen@skola.se');
    const [first] = await smtp.waitFor('sen@skola.se');
    const oldToken = linkIn(first!, '/verify').searchParams.get('token')!;

    ctx.clock.advance(49 * 3_600_000);
    const expired = await client.post('/api/v1/auth/verify-email', { token: oldToken });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error).toMatchObject({
      code: 'LINK_EXPIRED',
      message: 'Länken har gått ut. Be om en ny länk, så skickar vi den till din e-post.',
    });

    const resent = await client.post('/api/v1/auth/resend-verification', { token: oldToken });
    expect(resent.statusCode).toBe(202);
    const [, second] = await smtp.waitFor('sen@skola.se', 2);
    const newToken = linkIn(second!, '/verify').searchParams.get('token')!;
    expect(newToken).not.toBe(oldToken);
    expect((await client.post('/api/v1/auth/verify-email', { token: newToken })).statusCode).toBe(200);
    expect((await ctx.client().login('sen@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('enforces the domain allow-list with a clear message', async () => {
    const refused = await register(ctx.client(), 'someone@gmail.com');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.issues).toEqual([
      { path: ['email'], message: 'Bara adresser på skola.se, kommun.se kan användas här.' },
    ]);
    expect((await register(ctx.client(), 'ok@KOMMUN.se')).statusCode).toBe(202);
    await smtp.waitFor('ok@kommun.se');
    expect(smtp.mails.some((m) => m.to.includes('someone@gmail.com'))).toBe(false);
  });

  it('answers registration of a taken address exactly like a new one', async () => {
    await ctx.services.users.createUser({ email: 'finns@skola.se', role: 'user', password: TEST_PASSWORD });
    const taken = await register(ctx.client(), 'finns@skola.se');
    const fresh = await register(ctx.client(), 'finnsinte@skola.se');
    expect(taken.statusCode).toBe(fresh.statusCode);
    expect(taken.json()).toEqual(fresh.json());
    // The existing account keeps its password.
    expect((await ctx.client().login('finns@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('resets a forgotten password by a single-use link and signs out every session', async () => {
    const first = await ctx.signedIn('user', 'glomsk@skola.se');
    const second = ctx.client();
    expect((await second.login('glomsk@skola.se', TEST_PASSWORD)).statusCode).toBe(200);

    const anonymous = ctx.client();
    const asked = await anonymous.post('/api/v1/auth/forgot-password', { email: 'Glomsk@skola.se' });
    const unknown = await anonymous.post('/api/v1/auth/forgot-password', { email: 'ingen@skola.se' });
    expect(asked.statusCode).toBe(202);
    expect(unknown.json()).toEqual(asked.json());

    const [mail] = await smtp.waitFor('glomsk@skola.se');
    expect(mail!.subject).toBe('Välj ett nytt lösenord för Skriptoteket');
    const token = linkIn(mail!, '/reset-password').searchParams.get('token')!;

    const weak = await anonymous.post('/api/v1/auth/reset-password', { token, password: 'kort' });
    expect(weak.statusCode).toBe(422);
    const reset = await anonymous.post('/api/v1/auth/reset-password', { token, password: NEW_PASSWORD });
    expect(reset.statusCode).toBe(204);
    expect(
      (await anonymous.post('/api/v1/auth/reset-password', { token, password: NEW_PASSWORD })).statusCode,
    ).toBe(400);

    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await second.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await ctx.client().login('glomsk@skola.se', TEST_PASSWORD)).statusCode).toBe(401);
    expect((await ctx.client().login('glomsk@skola.se', NEW_PASSWORD)).statusCode).toBe(200);
    expect(smtp.mails.some((m) => m.to.includes('ingen@skola.se'))).toBe(false);
  });

  it('makes the generated first-admin password be changed before anything else', async () => {
    const created = await ctx.services.users.ensureFirstSuperuser('forsta@skola.se', undefined);
    const admin = ctx.client();
    const login = await admin.login('forsta@skola.se', created!.password!);
    expect(login.json().user.mustChangePassword).toBe(true);

    const blocked = await admin.get('/api/v1/catalog/taxonomy');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error).toMatchObject({
      code: 'PASSWORD_CHANGE_REQUIRED',
      message: 'Du behöver byta ditt tillfälliga lösenord innan du kan fortsätta.',
    });
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(200);

    const changed = await admin.post('/api/v1/me/password', {
      currentPassword: created!.password,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.statusCode).toBe(204);
    expect((await admin.get('/api/v1/auth/me')).json().user.mustChangePassword).toBe(false);
    expect((await admin.get('/api/v1/catalog/taxonomy')).statusCode).toBe(200);
  });
});

describe('own account: password, e-mail address, sessions', () => {
  const smtp = new SmtpCapture();
  let ctx: TestContext;

  beforeAll(async () => {
    await smtp.start();
    ctx = await createTestContext({
      env: { SMTP_URL: smtp.url, SKRIPTOTEKET_PUBLIC_URL: 'http://skriptoteket.test' },
    });
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.stop();
  });

  it('changes the password with the current one and signs out the other sessions only', async () => {
    const here = await ctx.signedIn('contributor', 'byt@skola.se');
    const elsewhere = ctx.client();
    await elsewhere.login('byt@skola.se', TEST_PASSWORD);

    const wrong = await here.post('/api/v1/me/password', {
      currentPassword: 'fel-fel-fel',
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details.issues[0]).toEqual({
      path: ['currentPassword'],
      message: 'Fel lösenord.',
    });

    const ok = await here.post('/api/v1/me/password', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(ok.statusCode).toBe(204);
    expect((await here.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await ctx.client().login('byt@skola.se', NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('changes the address only when the link mailed to the new address is opened', async () => {
    const client = await ctx.signedIn('user', 'gammal@skola.se');
    const asked = await client.post('/api/v1/me/email', { newEmail: 'Ny@Skola.se', password: TEST_PASSWORD });
    expect(asked.statusCode).toBe(202);
    expect((await client.get('/api/v1/me/profile')).json().email).toBe('gammal@skola.se');

    const [mail] = await smtp.waitFor('ny@skola.se');
    expect(mail!.subject).toBe('Bekräfta din nya e-postadress');
    const token = linkIn(mail!, '/verify').searchParams.get('token')!;
    const confirmed = await ctx.client().post('/api/v1/auth/verify-email', { token });
    expect(confirmed.json()).toEqual({ kind: 'email_change', email: 'ny@skola.se' });
    expect((await client.get('/api/v1/me/profile')).json().email).toBe('ny@skola.se');
    expect((await ctx.client().login('ny@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
    expect((await ctx.client().login('gammal@skola.se', TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('lists my sessions and revokes one of them, never someone else’s', async () => {
    const mine = await ctx.signedIn('user', 'sessioner@skola.se');
    const other = ctx.client();
    await other.login('sessioner@skola.se', TEST_PASSWORD);
    const stranger = await ctx.signedIn('user', 'annan@skola.se');

    const list = (await mine.get('/api/v1/me/sessions')).json<{
      items: { id: string; isCurrent: boolean }[];
    }>();
    expect(list.items).toHaveLength(2);
    expect(list.items.filter((s) => s.isCurrent)).toHaveLength(1);
    const otherId = list.items.find((s) => !s.isCurrent)!.id;

    expect(
      (await stranger.request({ method: 'DELETE', url: `/api/v1/me/sessions/${otherId}` })).statusCode,
    ).toBe(404);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await mine.request({ method: 'DELETE', url: `/api/v1/me/sessions/${otherId}` })).statusCode).toBe(
      204,
    );
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await mine.get('/api/v1/me/sessions')).json().items).toHaveLength(1);
  });

  it('answers 401 on every account endpoint for a deactivated user', async () => {
    const client = await ctx.signedIn('admin', 'inaktiv@skola.se');
    await ctx.database.db.update(users).set({ isActive: false }).where(eq(users.id, client.user.id));
    const calls = [
      client.get('/api/v1/me/sessions'),
      client.get('/api/v1/me/profile'),
      client.post('/api/v1/me/password', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }),
      client.post('/api/v1/me/email', { newEmail: 'x@skola.se', password: TEST_PASSWORD }),
      client.request({ method: 'DELETE', url: '/api/v1/me/sessions/00000000-0000-4000-8000-000000000001' }),
    ];
    for (const response of await Promise.all(calls)) expect(response.statusCode).toBe(401);
  });
});
