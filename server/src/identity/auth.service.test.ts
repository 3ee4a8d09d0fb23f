import { beforeEach, describe, expect, it } from 'vitest';
import { inMemoryIdentityRepos, PlainTextHasher } from '../../test/fakes/identity.fakes';
import { AppError } from '../shared/app-error';
import { ManualClock } from '../shared/ports';
import { AuthService } from './auth.service';
import { UsersService } from './users.service';

const client = { ip: '10.0.0.1', userAgent: 'test' };
const PASSWORD = 'ett-langt-losenord';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('AuthService', () => {
  let repos: ReturnType<typeof inMemoryIdentityRepos>;
  let clock: ManualClock;
  let auth: AuthService;
  let users: UsersService;

  beforeEach(async () => {
    repos = inMemoryIdentityRepos();
    clock = new ManualClock();
    const hasher = new PlainTextHasher();
    auth = new AuthService({
      repos,
      hasher,
      clock,
      lockout: { maxFailures: 5, lockoutMinutes: 15 },
      session: { idleMinutes: 60, maxDays: 7 },
    });
    users = new UsersService({ repos, hasher, clock });
    await users.createUser({ email: 'Anna@Skola.se', role: 'user', password: PASSWORD, name: 'Anna' });
  });

  it('signs in with any casing of the e-mail and records the event', async () => {
    const result = await auth.login(' ANNA@skola.se ', PASSWORD, client);
    expect(result.user).toMatchObject({ email: 'anna@skola.se', role: 'user', name: 'Anna' });
    expect(await auth.authenticate(result.sessionToken)).toMatchObject({ user: { email: 'anna@skola.se' } });
    expect(repos.loginEvents.events.map((e) => e.outcome)).toEqual(['success']);
  });

  it('stores only a hash of the session token', async () => {
    const { sessionToken } = await auth.login('anna@skola.se', PASSWORD, client);
    const [stored] = [...repos.sessions.rows.values()];
    expect(stored!.tokenHash).not.toContain(sessionToken);
    expect(stored!.tokenHash).toHaveLength(64);
  });

  it('answers a wrong password and an unknown e-mail identically', async () => {
    const failure = (email: string) =>
      auth.login(email, 'fel', client).then(
        () => null,
        (e: AppError) => ({ code: e.code, message: e.message, details: e.details }),
      );
    const wrongPassword = await failure('anna@skola.se');
    expect(wrongPassword?.code).toBe('UNAUTHENTICATED');
    expect(await failure('nobody@skola.se')).toEqual(wrongPassword);
  });

  it('locks after five failures, rejects even the right password, and opens again after 15 minutes', async () => {
    for (let i = 0; i < 5; i++)
      expect(await codeOf(auth.login('anna@skola.se', 'fel', client))).toBe('UNAUTHENTICATED');
    expect(await codeOf(auth.login('anna@skola.se', PASSWORD, client))).toBe('ACCOUNT_LOCKED');
    clock.advance(15 * 60_000 + 1000);
    expect(await codeOf(auth.login('anna@skola.se', PASSWORD, client))).toBe('OK');
  });

  it('locks unknown e-mail addresses the same way, so lockout does not reveal accounts', async () => {
    for (let i = 0; i < 5; i++)
      expect(await codeOf(auth.login('ghost@skola.se', 'x', client))).toBe('UNAUTHENTICATED');
    const error = await auth.login('ghost@skola.se', 'x', client).catch((e: AppError) => e);
    expect(error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { retryAfterSeconds: 900 } });
  });

  it('resets the failure count after a successful sign-in', async () => {
    for (let i = 0; i < 4; i++) await codeOf(auth.login('anna@skola.se', 'fel', client));
    await auth.login('anna@skola.se', PASSWORD, client);
    for (let i = 0; i < 4; i++)
      expect(await codeOf(auth.login('anna@skola.se', 'fel', client))).toBe('UNAUTHENTICATED');
    expect(await codeOf(auth.login('anna@skola.se', PASSWORD, client))).toBe('OK');
  });

  it('refuses a deactivated account that gives the right password', async () => {
    const [user] = [...repos.users.rows.values()];
    user!.isActive = false;
    expect(await codeOf(auth.login('anna@skola.se', PASSWORD, client))).toBe('FORBIDDEN');
  });

  it('ends a session on logout, on idle expiry and when the password changes', async () => {
    const first = await auth.login('anna@skola.se', PASSWORD, client);
    await auth.logout((await auth.authenticate(first.sessionToken))!.sessionId);
    expect(await auth.authenticate(first.sessionToken)).toBeNull();

    const second = await auth.login('anna@skola.se', PASSWORD, client);
    clock.advance(61 * 60_000);
    expect(await auth.authenticate(second.sessionToken)).toBeNull();

    const third = await auth.login('anna@skola.se', PASSWORD, client);
    await users.setPassword('anna@skola.se', 'ett-helt-nytt-losenord');
    expect(await auth.authenticate(third.sessionToken)).toBeNull();
  });

  it('slides the idle expiry while the session is used', async () => {
    const { sessionToken } = await auth.login('anna@skola.se', PASSWORD, client);
    for (let i = 0; i < 3; i++) {
      clock.advance(45 * 60_000);
      expect(await auth.authenticate(sessionToken)).not.toBeNull();
    }
  });
});

describe('UsersService', () => {
  it('creates the first superuser once, with a generated password that works', async () => {
    const repos = inMemoryIdentityRepos();
    const clock = new ManualClock();
    const hasher = new PlainTextHasher();
    const users = new UsersService({ repos, hasher, clock });
    const created = await users.ensureFirstSuperuser(undefined, undefined);
    expect(created?.password).toMatch(/^[\w]{5}-[\w]{5}-[\w]{5}-[\w]{5}$/);
    expect(await users.ensureFirstSuperuser(undefined, undefined)).toBeNull();
    const auth = new AuthService({
      repos,
      hasher,
      clock,
      lockout: { maxFailures: 5, lockoutMinutes: 15 },
      session: { idleMinutes: 60, maxDays: 7 },
    });
    const login = await auth.login(created!.email, created!.password!, client);
    expect(login.user).toMatchObject({ role: 'superuser', mustChangePassword: true });
  });

  it('rejects short passwords, bad addresses and duplicates with clear messages', async () => {
    const users = new UsersService({
      repos: inMemoryIdentityRepos(),
      hasher: new PlainTextHasher(),
      clock: new ManualClock(),
    });
    await expect(users.createUser({ email: 'a@b.se', role: 'user', password: 'kort' })).rejects.toMatchObject(
      { code: 'VALIDATION_ERROR' },
    );
    await expect(
      users.createUser({ email: 'inte-en-adress', role: 'user', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await users.createUser({ email: 'a@b.se', role: 'user', password: PASSWORD });
    await expect(
      users.createUser({ email: 'A@B.se', role: 'user', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
