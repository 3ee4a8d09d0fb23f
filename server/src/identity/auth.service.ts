import { text, type User } from '@skriptoteket/contracts';
import { AppError, locked, unauthenticated } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { newId, newToken, sha256 } from '../shared/tokens';
import {
  isSessionValid,
  lockRemainingSeconds,
  newSessionDeadlines,
  normalizeEmail,
  slidExpiry,
  toPublicUser,
  type LockoutPolicy,
  type SessionPolicy,
} from './identity.model';
import type { IdentityRepos, PasswordHasher } from './identity.ports';
import { UnknownEmailThrottle } from './unknown-email-throttle';

export interface AuthServiceDeps {
  repos: IdentityRepos;
  hasher: PasswordHasher;
  clock: Clock;
  lockout: LockoutPolicy;
  session: SessionPolicy;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface AuthenticatedSession {
  user: User;
  sessionId: string;
  csrfToken: string;
}

const WRONG_CREDENTIALS = text('Fel e-postadress eller lösenord.', 'Wrong email address or password.');
const LOCKED = text(
  'För många misslyckade inloggningar. Försök igen om en stund.',
  'Too many failed sign-ins. Try again in a while.',
);
/** Refresh last-seen at most this often, so that every request does not write. */
const TOUCH_INTERVAL_MS = 60_000;

export class AuthService {
  private readonly unknownEmails: UnknownEmailThrottle;
  private dummyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {
    this.unknownEmails = new UnknownEmailThrottle(deps.lockout);
  }

  /**
   * Checks the password and opens a session. Wrong e-mail and wrong password give the same answer, take the same
   * time and lock out the same way, so the answer never tells whether an account exists.
   */
  async login(
    emailInput: string,
    password: string,
    client: ClientInfo,
  ): Promise<{ user: User; sessionToken: string; csrfToken: string }> {
    const { repos, hasher, clock, lockout } = this.deps;
    const email = normalizeEmail(emailInput);
    const now = clock.now();
    const user = await repos.users.findByEmail(email);
    const event = { email, ip: client.ip, userAgent: client.userAgent, createdAt: now };

    if (!user) {
      const remaining = this.unknownEmails.reserve(email, now);
      await repos.loginEvents.record({
        ...event,
        userId: null,
        outcome: remaining > 0 ? 'locked' : 'failure',
      });
      if (remaining > 0) throw locked(LOCKED, remaining);
      await hasher.verify(await this.getDummyHash(), password);
      throw unauthenticated(WRONG_CREDENTIALS);
    }

    // The attempt is counted before the password is checked, so a burst cannot outrun the lockout.
    const lock = await repos.users.reserveLoginAttempt(user.id, now, lockout);
    if (lock) {
      await repos.loginEvents.record({ ...event, userId: user.id, outcome: 'locked' });
      throw locked(LOCKED, Math.max(1, lockRemainingSeconds(lock.lockedUntil, now)));
    }

    if (!(await hasher.verify(user.passwordHash, password))) {
      await repos.loginEvents.record({ ...event, userId: user.id, outcome: 'failure' });
      throw unauthenticated(WRONG_CREDENTIALS);
    }

    if (!user.isActive) {
      await repos.loginEvents.record({ ...event, userId: user.id, outcome: 'inactive' });
      throw new AppError(
        'FORBIDDEN',
        text(
          'Ditt konto är inaktiverat. Kontakta skolans administratör.',
          'Your account has been deactivated. Contact your school’s administrator.',
        ),
      );
    }

    await repos.users.clearLoginAttempts(user.id, now);
    if (!user.emailVerifiedAt) {
      await repos.loginEvents.record({ ...event, userId: user.id, outcome: 'inactive' });
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        text(
          'Bekräfta din e-postadress först: öppna länken i mejlet vi skickade. Du kan få en ny länk.',
          'Confirm your email address first: open the link in the email we sent. You can get a new link.',
        ),
      );
    }
    const sessionToken = newToken();
    const csrfToken = newToken();
    await repos.sessions.insert({
      id: newId(),
      tokenHash: sha256(sessionToken),
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      ...newSessionDeadlines(now, this.deps.session),
      revokedAt: null,
      ip: client.ip,
      userAgent: client.userAgent,
    });
    await repos.loginEvents.record({ ...event, userId: user.id, outcome: 'success' });
    return { user: toPublicUser(user), sessionToken, csrfToken };
  }

  /** Resolves a session cookie to its user, sliding the expiry; null when the session is unknown or over. */
  async authenticate(sessionToken: string): Promise<AuthenticatedSession | null> {
    const { repos, clock } = this.deps;
    const now = clock.now();
    const found = await repos.sessions.findWithUser(sha256(sessionToken));
    if (!found || !isSessionValid(found.session, now) || !found.user.isActive) return null;
    const { session, user } = found;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await repos.sessions.touch(session.id, now, slidExpiry(session, now, this.deps.session));
    }
    return { user: toPublicUser(user), sessionId: session.id, csrfToken: session.csrfToken };
  }

  async logout(sessionId: string): Promise<void> {
    await this.deps.repos.sessions.revoke(sessionId, this.deps.clock.now());
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(newToken());
    return this.dummyHash;
  }
}
