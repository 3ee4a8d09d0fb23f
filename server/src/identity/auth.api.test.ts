import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/api-harness';

const envelope = (code: string) => ({
  error: expect.objectContaining({ code, message: expect.any(String) }),
  requestId: expect.any(String),
});

describe('auth API', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
    await ctx.services.users.createUser({
      email: 'anna@skola.se',
      role: 'contributor',
      password: TEST_PASSWORD,
      name: 'Anna',
    });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('signs in, sets a hardened session cookie and answers /auth/me', async () => {
    const client = ctx.client();
    const response = await client.login('Anna@Skola.se', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: {
        id: expect.any(String),
        email: 'anna@skola.se',
        name: 'Anna',
        role: 'contributor',
        locale: 'sv',
        mustChangePassword: false,
      },
      csrfToken: expect.any(String),
    });
    const cookie = response.cookies.find((c) => c.name === 'sk_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const me = await client.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('anna@skola.se');
    expect(response.json()).not.toHaveProperty('user.passwordHash');
  });

  it('marks the cookie Secure when served over https', async () => {
    const secure = await createTestContext({ env: { SKRIPTOTEKET_PUBLIC_URL: 'https://skript.kommun.se' } });
    await secure.services.users.createUser({ email: 'b@skola.se', role: 'user', password: TEST_PASSWORD });
    const response = await secure.client().login('b@skola.se', TEST_PASSWORD);
    expect(response.cookies.find((c) => c.name === 'sk_session')?.secure).toBe(true);
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    await secure.close();
  });

  it('answers a wrong password with 401 in the envelope, the same as an unknown e-mail', async () => {
    const wrong = await ctx.client().login('anna@skola.se', 'fel-lösenord');
    const unknown = await ctx.client().login('ingen@skola.se', 'fel-lösenord');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual(envelope('UNAUTHENTICATED'));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error).toEqual(wrong.json().error);
  });

  it('locks the account on the 6th attempt after 5 failures, with Retry-After', async () => {
    const client = ctx.client();
    for (let i = 1; i <= 5; i++) expect((await client.login('anna@skola.se', 'fel')).statusCode).toBe(401);
    const sixth = await client.login('anna@skola.se', TEST_PASSWORD);
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json()).toEqual(envelope('ACCOUNT_LOCKED'));
    expect(sixth.json().error.details.retryAfterSeconds).toBe(900);
    expect(sixth.headers['retry-after']).toBe('900');
    ctx.clock.advance(15 * 60_000 + 1);
    expect((await client.login('anna@skola.se', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('rate-limits login attempts per IP with 429', async () => {
    const limited = await createTestContext({ env: { SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE: '3' } });
    const client = limited.client();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await client.login(`x${i}@skola.se`, 'fel')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const last = await client.login('y@skola.se', 'fel');
    expect(last.json()).toEqual(envelope('RATE_LIMITED'));
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    await limited.close();
  });

  it('rejects a mutating request with a missing or wrong CSRF token (403) and accepts the right one', async () => {
    const anonymous = ctx.client();
    const missing = await anonymous.post(
      '/api/v1/auth/login',
      { email: 'anna@skola.se', password: TEST_PASSWORD },
      { csrf: false },
    );
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual(envelope('FORBIDDEN'));
    expect(missing.json().error.details).toEqual({ reason: 'CSRF' });

    const signedIn = await ctx.signedIn('user');
    const wrong = await signedIn.post('/api/v1/auth/logout', undefined, { csrf: 'not-the-token' });
    expect(wrong.statusCode).toBe(403);
    const anonymousToken = await ctx.client().ensureCsrf();
    expect((await signedIn.post('/api/v1/auth/logout', undefined, { csrf: anonymousToken })).statusCode).toBe(
      403,
    );
    expect((await signedIn.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await signedIn.post('/api/v1/auth/logout')).statusCode).toBe(204);
  });

  it('returns the session CSRF token from /auth/csrf when signed in', async () => {
    const client = ctx.client();
    const login = await client.login('anna@skola.se', TEST_PASSWORD);
    const csrf = await client.get('/api/v1/auth/csrf');
    expect(csrf.json().csrfToken).toBe(login.json().csrfToken);
  });

  it('revokes the session on logout: the old cookie is rejected afterwards', async () => {
    const client = await ctx.signedIn('admin');
    const oldCookie = client.cookies.get('sk_session')!;
    const logout = await client.post('/api/v1/auth/logout');
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((c) => c.name === 'sk_session')?.value).toBe('');
    const replay = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `sk_session=${oldCookie}` },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toEqual(envelope('UNAUTHENTICATED'));
  });

  it('validates the login body with 422 and field paths', async () => {
    const response = await ctx.client().post('/api/v1/auth/login', { email: '', password: 5 });
    expect(response.statusCode).toBe(422);
    const issues = response.json().error.details.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(issues).toEqual(expect.arrayContaining(['body.email', 'body.password']));
  });
});
