import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, TEST_PASSWORD, type TestContext } from '../../test/api-harness';
import { openTestDatabase, testEngines } from '../../test/db';
import { composeRuntime } from '../compose';
import { composeApp } from '../compose-app';
import type { Database } from '../db/client';
import { ManualClock } from '../shared/ports';
import { Argon2PasswordHasher } from './argon2-hasher';
import { AuthService } from './auth.service';
import { identityRepos } from './identity.repo';
import type { PasswordHasher } from './identity.ports';
import { UsersService } from './users.service';

/** The real hasher, counting the checks made against one account's hash. */
class CountingHasher implements PasswordHasher {
  private readonly real = new Argon2PasswordHasher();
  checksAgainst = new Map<string, number>();
  hash(password: string) {
    return this.real.hash(password);
  }
  async verify(hash: string, password: string) {
    this.checksAgainst.set(hash, (this.checksAgainst.get(hash) ?? 0) + 1);
    return this.real.verify(hash, password);
  }
}

const client = { ip: '198.51.100.7', userAgent: 'burst' };
const MAX_FAILURES = 5;

describe.each(testEngines())('login limits on %s', (engine) => {
  let database: Database | undefined;
  const contexts: TestContext[] = [];
  afterEach(async () => {
    await database?.close();
    database = undefined;
    for (const ctx of contexts.splice(0)) await ctx.close();
  });

  it('gives a burst of 50 concurrent wrong sign-ins at most the configured number of password checks', async () => {
    database = await openTestDatabase(engine);
    const repos = identityRepos(database.db);
    const clock = new ManualClock();
    const hasher = new CountingHasher();
    await new UsersService({ repos, hasher, clock }).createUser({
      email: 'anna@skola.se',
      role: 'user',
      password: TEST_PASSWORD,
    });
    const passwordHash = (await repos.users.findByEmail('anna@skola.se'))!.passwordHash;
    const auth = new AuthService({
      repos,
      hasher,
      clock,
      lockout: { maxFailures: MAX_FAILURES, lockoutMinutes: 15 },
      session: { idleMinutes: 30, maxDays: 1 },
    });
    const attempt = (password: string) =>
      auth.login('anna@skola.se', password, client).then(
        () => 'signed in',
        (error: { code?: string }) => error.code ?? 'error',
      );

    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(`fel-losenord-${i}`)));
    expect(hasher.checksAgainst.get(passwordHash)).toBe(MAX_FAILURES);
    expect(burst.filter((r) => r === 'UNAUTHENTICATED')).toHaveLength(MAX_FAILURES);
    expect(burst.filter((r) => r === 'ACCOUNT_LOCKED')).toHaveLength(50 - MAX_FAILURES);

    // The right password inside a second burst is refused while the account is locked, and checks nothing.
    const second = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => attempt(`fel-igen-${i}`)),
      attempt(TEST_PASSWORD),
    ]);
    expect(second.at(-1)).toBe('ACCOUNT_LOCKED');
    expect(hasher.checksAgainst.get(passwordHash)).toBe(MAX_FAILURES);

    // After the lockout window the right password works again.
    clock.advance(15 * 60_000 + 1000);
    expect(await attempt(TEST_PASSWORD)).toBe('signed in');
  }, 120_000);

  it('holds the per-IP sign-in limit across two app instances on one database', async () => {
    const first = await createTestContext({
      engine,
      env: { SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE: '4', SKRIPTOTEKET_LOGIN_MAX_FAILURES: '100' },
    });
    contexts.push(first);
    const secondRuntime = composeRuntime(first.config, first.database, first.clock);
    const second = await composeApp(
      { ...first.config, webDir: '/nonexistent' },
      first.database,
      secondRuntime,
    );
    try {
      const apps = [first.app, second];
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const app = apps[i % 2]!;
        const csrf = await app.inject({ method: 'GET', url: '/api/v1/auth/csrf' });
        const token = csrf.json<{ csrfToken: string }>().csrfToken;
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'x-csrf-token': token, cookie: `sk_csrf=${token}` },
          payload: { email: 'ingen@skola.se', password: 'fel-losenord' },
        });
        statuses.push(response.statusCode);
      }
      // Four per minute from this address in all, whichever process answers.
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);

      first.clock.advance(60_000);
      const csrf = await second.inject({ method: 'GET', url: '/api/v1/auth/csrf' });
      const token = csrf.json<{ csrfToken: string }>().csrfToken;
      const later = await second.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-csrf-token': token, cookie: `sk_csrf=${token}` },
        payload: { email: 'ingen@skola.se', password: 'fel-losenord' },
      });
      expect(later.statusCode).toBe(401);
    } finally {
      await second.close();
    }
  }, 120_000);
});
