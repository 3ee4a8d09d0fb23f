import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/api-harness';

describe('the language of server messages', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
    await ctx.services.users.createUser({ email: 'anna@skola.se', role: 'user', password: TEST_PASSWORD });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const wrongPassword = (headers: Record<string, string>) =>
    ctx.client().request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'anna@skola.se', password: 'fel-lösenord' },
      headers,
    });
  const emptyLogin = (headers: Record<string, string>) =>
    ctx.client().request({ method: 'POST', url: '/api/v1/auth/login', payload: {}, headers });

  it('answers an anonymous caller in the language Accept-Language prefers', async () => {
    const english = await wrongPassword({ 'accept-language': 'en-GB,en;q=0.9,sv;q=0.5' });
    expect(english.statusCode).toBe(401);
    expect(english.json().error.message).toBe('Wrong email address or password.');

    const swedish = await wrongPassword({ 'accept-language': 'sv-SE,sv;q=0.9' });
    expect(swedish.json().error.message).toBe('Fel e-postadress eller lösenord.');

    const unspecified = await wrongPassword({});
    expect(unspecified.json().error.message).toBe('Fel e-postadress eller lösenord.');

    const neither = await wrongPassword({ 'accept-language': 'de-DE,fr;q=0.8' });
    expect(neither.json().error.message).toBe('Fel e-postadress eller lösenord.');
  });

  it('writes a 422 and every field issue in that language', async () => {
    const english = await emptyLogin({ 'accept-language': 'en' });
    expect(english.statusCode).toBe(422);
    expect(english.json().error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Some details need to be corrected.',
      details: {
        issues: [
          { path: ['body', 'email'], message: 'Required. Fill it in.' },
          { path: ['body', 'password'], message: 'Required. Fill it in.' },
        ],
      },
    });

    const swedish = await emptyLogin({ 'accept-language': 'sv' });
    expect(swedish.json().error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Några uppgifter behöver rättas.',
      details: {
        issues: [
          { path: ['body', 'email'], message: 'Obligatoriskt. Fyll i det.' },
          { path: ['body', 'password'], message: 'Obligatoriskt. Fyll i det.' },
        ],
      },
    });

    const blank = await ctx.client().request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: '  ', password: 'x'.repeat(2000) },
      headers: { 'accept-language': 'en' },
    });
    expect(blank.json().error.details.issues).toEqual([
      { path: ['body', 'email'], message: 'Must not be empty.' },
      { path: ['body', 'password'], message: 'At most 1024 characters.' },
    ]);
  });

  it('tells an anonymous caller to sign in, and that the page needs reloading, in their language', async () => {
    const me = await ctx.client().request({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { 'accept-language': 'en' },
    });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.message).toBe('You need to sign in.');

    const noCsrf = await ctx.client().request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'anna@skola.se', password: TEST_PASSWORD },
      headers: { 'accept-language': 'en' },
      csrf: false,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error).toMatchObject({
      message: 'The page needs to be reloaded. Try again.',
      details: { reason: 'CSRF' },
    });
  });

  it('speaks to a signed-in user in their own language, whatever the browser asks for', async () => {
    const client = await ctx.signedIn('user');
    expect(
      (await client.request({ method: 'PATCH', url: '/api/v1/me/profile', payload: { locale: 'en' } }))
        .statusCode,
    ).toBe(200);

    const missing = await client.request({
      method: 'GET',
      url: '/api/v1/tools/finns-inte',
      headers: { 'accept-language': 'sv' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toBe('The tool does not exist or is not published.');

    const badLocale = await client.request({
      method: 'PATCH',
      url: '/api/v1/me/profile',
      payload: { locale: 'de' },
      headers: { 'accept-language': 'sv' },
    });
    expect(badLocale.statusCode).toBe(422);
    expect(badLocale.json().error.details.issues).toEqual([
      { path: ['body', 'locale'], message: 'Allowed values: sv, en.' },
    ]);

    const unknownPage = await client.request({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { 'accept-language': 'sv' },
    });
    expect(unknownPage.json().error.message).toBe('The page or resource does not exist.');
  });
});

describe('GET/PATCH /me/profile', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('shows the signed-in user their own account', async () => {
    const client = await ctx.signedIn('contributor', 'lisa@skola.se');
    const profile = await client.get('/api/v1/me/profile');
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toEqual({
      id: client.user.id,
      email: 'lisa@skola.se',
      name: 'Test contributor',
      role: 'contributor',
      locale: 'sv',
      mustChangePassword: false,
    });
  });

  it('stores the language on the account: /auth/me and the next sign-in, in any browser, carry it', async () => {
    const client = await ctx.signedIn('user', 'erik@skola.se');
    const changed = await client.request({
      method: 'PATCH',
      url: '/api/v1/me/profile',
      payload: { locale: 'en', name: '  Erik Lärare ' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ email: 'erik@skola.se', name: 'Erik Lärare', locale: 'en' });

    expect((await client.get('/api/v1/auth/me')).json().user).toMatchObject({
      locale: 'en',
      name: 'Erik Lärare',
    });
    const elsewhere = await ctx.client().login('erik@skola.se', TEST_PASSWORD);
    expect(elsewhere.json().user).toMatchObject({ locale: 'en', name: 'Erik Lärare' });

    const back = await client.request({
      method: 'PATCH',
      url: '/api/v1/me/profile',
      payload: { locale: 'sv' },
    });
    expect(back.json()).toMatchObject({ locale: 'sv', name: 'Erik Lärare' });
    expect((await client.get('/api/v1/me/profile')).json().locale).toBe('sv');
  });

  it('refuses an unknown language or a blank name and keeps what was stored', async () => {
    const client = await ctx.signedIn('user', 'sara@skola.se');
    for (const payload of [{ locale: 'de' }, { locale: 'EN' }, { name: '   ' }, { locale: null }]) {
      const response = await client.request({ method: 'PATCH', url: '/api/v1/me/profile', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
    }
    expect((await client.get('/api/v1/me/profile')).json()).toMatchObject({
      locale: 'sv',
      name: 'Test user',
    });
  });

  it('needs the CSRF token, like every change', async () => {
    const client = await ctx.signedIn('user', 'olle@skola.se');
    const forged = await client.request({
      method: 'PATCH',
      url: '/api/v1/me/profile',
      payload: { locale: 'en' },
      csrf: false,
    });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.details).toEqual({ reason: 'CSRF' });
    expect((await client.get('/api/v1/me/profile')).json().locale).toBe('sv');
  });
});
