import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import type { Database } from '../db/client';
import { ManualClock } from '../shared/ports';
import { Argon2PasswordHasher } from './argon2-hasher';
import { AuthService } from './auth.service';
import { identityRepos } from './identity.repo';
import { UsersService } from './users.service';

describe.each(testEngines())('identity with real SQL on %s', (engine) => {
  let database: Database;
  afterEach(async () => {
    await database.close();
  });

  it('signs in, slides, locks out and revokes through the Drizzle repositories', async () => {
    database = await openTestDatabase(engine);
    const repos = identityRepos(database.db);
    const clock = new ManualClock();
    const hasher = new Argon2PasswordHasher();
    const users = new UsersService({ repos, hasher, clock });
    const auth = new AuthService({
      repos,
      hasher,
      clock,
      lockout: { maxFailures: 2, lockoutMinutes: 15 },
      session: { idleMinutes: 30, maxDays: 1 },
    });
    const client = { ip: '127.0.0.1', userAgent: 'vitest' };
    await users.createUser({ email: 'lärare@skola.se', role: 'contributor', password: 'rätt-lösenord-123' });

    const { sessionToken } = await auth.login('LÄRARE@skola.se', 'rätt-lösenord-123', client);
    clock.advance(20 * 60_000);
    expect((await auth.authenticate(sessionToken))?.user.role).toBe('contributor');
    clock.advance(20 * 60_000);
    expect(await auth.authenticate(sessionToken)).not.toBeNull();

    await expect(auth.login('lärare@skola.se', 'fel', client)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(auth.login('lärare@skola.se', 'fel', client)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await expect(auth.login('lärare@skola.se', 'rätt-lösenord-123', client)).rejects.toMatchObject({
      code: 'ACCOUNT_LOCKED',
    });
    const stored = await repos.users.findByEmail('lärare@skola.se');
    expect(stored?.lockedUntil?.getTime()).toBe(clock.now().getTime() + 15 * 60_000);

    await users.setPassword('lärare@skola.se', 'ett-annat-lösenord');
    expect(await auth.authenticate(sessionToken)).toBeNull();
    expect((await auth.login('lärare@skola.se', 'ett-annat-lösenord', client)).user.email).toBe(
      'lärare@skola.se',
    );
  });
});
