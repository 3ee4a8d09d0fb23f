import type { Locale, Role, User } from '@skriptoteket/contracts';
import { conflict, invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { newId, newReadablePassword } from '../shared/tokens';
import { isValidEmail, MIN_PASSWORD_LENGTH, normalizeEmail, toPublicUser } from './identity.model';
import type { IdentityRepos, PasswordHasher } from './identity.ports';

export interface UsersServiceDeps {
  repos: IdentityRepos;
  hasher: PasswordHasher;
  clock: Clock;
}

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  password: string;
  locale?: Locale;
}

export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  async createUser(input: NewUser): Promise<User> {
    const { repos, hasher, clock } = this.deps;
    const email = normalizeEmail(input.email);
    if (!isValidEmail(email))
      throw invalid('Ogiltig e-postadress.', [{ path: ['email'], message: 'Ogiltig e-postadress.' }]);
    assertPasswordStrength(input.password);
    if (await repos.users.findByEmail(email))
      throw conflict('Det finns redan ett konto med den e-postadressen.');
    const now = clock.now();
    const user = {
      id: newId(),
      email,
      name: input.name?.trim() || email.split('@')[0]!,
      role: input.role,
      locale: input.locale ?? 'sv',
      passwordHash: await hasher.hash(input.password),
      isActive: true,
      failedLoginCount: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
    };
    await repos.users.insert(user);
    return toPublicUser(user);
  }

  async setRole(emailInput: string, role: Role): Promise<User> {
    const user = await this.requireByEmail(emailInput);
    await this.deps.repos.users.updateRole(user.id, role, this.deps.clock.now());
    return { ...toPublicUser(user), role };
  }

  /** Sets a new password, clears any lockout and signs the user out everywhere. */
  async setPassword(emailInput: string, password: string): Promise<void> {
    assertPasswordStrength(password);
    const { repos, hasher, clock } = this.deps;
    const user = await this.requireByEmail(emailInput);
    const now = clock.now();
    await repos.users.updatePasswordHash(user.id, await hasher.hash(password), now);
    await repos.users.updateLoginState(user.id, { failedLoginCount: 0, lockedUntil: null });
    await repos.sessions.revokeAllForUser(user.id, now);
  }

  /**
   * On a database with no superuser, creates one from the given credentials or a generated one-time password.
   * Returns what to tell the operator, or null when a superuser already exists.
   */
  async ensureFirstSuperuser(
    email: string | undefined,
    password: string | undefined,
  ): Promise<{ email: string; password: string | null } | null> {
    if ((await this.deps.repos.users.countByRole('superuser')) > 0) return null;
    const address = normalizeEmail(email ?? 'admin@skriptoteket.local');
    const existing = await this.deps.repos.users.findByEmail(address);
    if (existing) {
      await this.setRole(address, 'superuser');
      return { email: address, password: null };
    }
    const chosen = password ?? newReadablePassword();
    await this.createUser({ email: address, name: 'Administratör', role: 'superuser', password: chosen });
    return { email: address, password: password ? null : chosen };
  }

  private async requireByEmail(emailInput: string) {
    const user = await this.deps.repos.users.findByEmail(normalizeEmail(emailInput));
    if (!user) throw notFound('Det finns inget konto med den e-postadressen.');
    return user;
  }
}

function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    const message = `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`;
    throw invalid(message, [{ path: ['password'], message }]);
  }
}
