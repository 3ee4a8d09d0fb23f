import { text } from '@skriptoteket/contracts';
import { AppError, invalid } from '../shared/app-error';
import type { Clock, UnitOfWork } from '../shared/ports';
import { sha256 } from '../shared/tokens';
import { MIN_PASSWORD_LENGTH } from '../identity/identity.model';
import type { PasswordHasher } from '../identity/identity.ports';
import { linkState } from './user-admin.model';
import type { UserAdminRepos } from './user-admin.ports';

const LINK_INVALID = text(
  'Länken är ogiltig. Kontrollera att du kopierade hela adressen.',
  'The link is not valid. Check that you copied the whole address.',
);
const LINK_USED = text(
  'Länken har redan använts. Logga in med ditt lösenord, eller be en administratör om en ny länk.',
  'The link has already been used. Sign in with your password, or ask an administrator for a new link.',
);
const LINK_EXPIRED = text(
  'Länken har gått ut. Be en administratör skicka en ny.',
  'The link has expired. Ask an administrator to send a new one.',
);

/** Setting a password through a single-use link an admin sent (an invitation or a reset). */
export class PasswordLinksService {
  constructor(
    private readonly deps: { uow: UnitOfWork<UserAdminRepos>; hasher: PasswordHasher; clock: Clock },
  ) {}

  /**
   * Uses the link once: sets the password, clears any lockout and signs the account out everywhere. An
   * invitation also confirms the e-mail address, since the mail reached its owner.
   */
  async setPassword(token: string, password: string): Promise<{ email: string }> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      const message = text(
        `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`,
        `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
      );
      throw invalid(message, [{ path: ['password'], message }]);
    }
    const passwordHash = await this.deps.hasher.hash(password);
    const now = this.deps.clock.now();
    const tokenHash = sha256(token);
    return this.deps.uow.run(async (repos) => {
      const link = await repos.links.consume(tokenHash, now);
      if (!link) throw linkRefusal(await repos.links.findByTokenHash(tokenHash), now);
      const user = await repos.admin.findByIdForUpdate(link.userId);
      if (!user || !user.isActive) throw linkRefusal(null, now);
      await repos.users.updatePasswordHash(user.id, passwordHash, now);
      await repos.users.updateLoginState(user.id, { failedLoginCount: 0, lockedUntil: null });
      await repos.sessions.revokeAllForUser(user.id, now);
      await repos.links.retireUnused(user.id, now);
      if (link.purpose === 'invitation') await repos.admin.markEmailVerified(user.id, now);
      return { email: user.email };
    });
  }
}

function linkRefusal(link: { usedAt: Date | null; expiresAt: Date } | null, now: Date) {
  const state = link ? linkState(link, now) : 'invalid';
  const message = state === 'used' ? LINK_USED : state === 'expired' ? LINK_EXPIRED : LINK_INVALID;
  const reason = state === 'used' ? 'LINK_USED' : state === 'expired' ? 'LINK_EXPIRED' : 'LINK_INVALID';
  return new AppError('VALIDATION_ERROR', message, { reason, issues: [{ path: ['token'], message }] });
}
