import { text, type OwnSession } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { invalid, locked, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import type { AccountsService } from './accounts.service';
import {
  lockRemainingSeconds,
  MIN_PASSWORD_LENGTH,
  normalizeEmail,
  type LockoutPolicy,
  type UserRecord,
} from './identity.model';
import type { IdentityRepos, PasswordHasher } from './identity.ports';

export interface OwnAccountServiceDeps {
  repos: IdentityRepos;
  hasher: PasswordHasher;
  clock: Clock;
  lockout: LockoutPolicy;
  accounts: AccountsService;
}

const WRONG_PASSWORD = text('Fel lösenord.', 'Wrong password.');

/** What a signed-in user does to their own account's security: password, address, sessions. */
export class OwnAccountService {
  constructor(private readonly deps: OwnAccountServiceDeps) {}

  /** Needs the current password; signs out every other session of the user. */
  async changePassword(actor: Actor, sessionId: string, current: string, next: string): Promise<void> {
    const { repos, hasher, clock } = this.deps;
    const user = await this.checkPassword(actor, current, 'currentPassword');
    if (next.length < MIN_PASSWORD_LENGTH) {
      const message = text(
        `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`,
        `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      );
      throw invalid(message, [{ path: ['newPassword'], message }]);
    }
    if (next === current) {
      const message = text(
        'Välj ett annat lösenord än det nuvarande.',
        'Choose a password other than the current one.',
      );
      throw invalid(message, [{ path: ['newPassword'], message }]);
    }
    const now = clock.now();
    await repos.users.updatePasswordHash(user.id, await hasher.hash(next), now);
    await repos.sessions.revokeOthersForUser(user.id, sessionId, now);
  }

  /** Mails a confirmation link to the new address; the address changes only when the link is opened. */
  async requestEmailChange(actor: Actor, newEmailInput: string, password: string): Promise<void> {
    const user = await this.checkPassword(actor, password, 'password');
    const newEmail = this.deps.accounts.checkAllowedEmail(newEmailInput, 'newEmail');
    if (newEmail === normalizeEmail(user.email)) {
      const message = text('Det är redan din e-postadress.', 'That already is your email address.');
      throw invalid(message, [{ path: ['newEmail'], message }]);
    }
    // An address another account has gets no link, and the answer is the same.
    if (await this.deps.repos.users.findByEmail(newEmail)) return;
    await this.deps.accounts.sendLink(user, 'change_email', newEmail);
  }

  async listSessions(actor: Actor, currentSessionId: string): Promise<OwnSession[]> {
    const rows = await this.deps.repos.sessions.listActiveForUser(actor.id, this.deps.clock.now());
    return rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      isCurrent: s.id === currentSessionId,
    }));
  }

  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    if (!(await this.deps.repos.sessions.revokeOwn(actor.id, sessionId, this.deps.clock.now())))
      throw notFound();
  }

  /** The password check counts against the account's lockout like a sign-in does. */
  private async checkPassword(actor: Actor, password: string, field: string): Promise<UserRecord> {
    const { repos, hasher, clock, lockout } = this.deps;
    const user = await repos.users.findById(actor.id);
    if (!user) throw notFound();
    const now = clock.now();
    const lock = await repos.users.reserveLoginAttempt(user.id, now, lockout);
    if (lock)
      throw locked(
        text(
          'För många felaktiga lösenord. Försök igen om en stund.',
          'Too many wrong passwords. Try again in a while.',
        ),
        Math.max(1, lockRemainingSeconds(lock.lockedUntil, now)),
      );
    if (!(await hasher.verify(user.passwordHash, password)))
      throw invalid(WRONG_PASSWORD, [{ path: [field], message: WRONG_PASSWORD }]);
    await repos.users.clearLoginAttempts(user.id, now);
    return user;
  }
}
