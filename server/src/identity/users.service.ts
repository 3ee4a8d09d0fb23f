import {
  text,
  type Locale,
  type PatchProfileBody,
  type Profile,
  type Role,
  type User,
} from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { conflict, invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { newId, newReadablePassword } from '../shared/tokens';
import { isValidEmail, MIN_PASSWORD_LENGTH, normalizeEmail, toPublicUser } from './identity.model';
import type { IdentityRepos, PasswordHasher } from './identity.ports';

const INVALID_EMAIL = text('Ogiltig e-postadress.', 'Invalid email address.');

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
  /** A generated password the person must replace at first sign-in. */
  mustChangePassword?: boolean;
}

export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  async createUser(input: NewUser): Promise<User> {
    const { repos, hasher, clock } = this.deps;
    const email = normalizeEmail(input.email);
    if (!isValidEmail(email)) throw invalid(INVALID_EMAIL, [{ path: ['email'], message: INVALID_EMAIL }]);
    assertPasswordStrength(input.password);
    if (await repos.users.findByEmail(email))
      throw conflict(
        text(
          'Det finns redan ett konto med den e-postadressen.',
          'An account with that email address already exists.',
        ),
      );
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
      // An operator or an administrator typed this address; self-registration verifies its own.
      emailVerifiedAt: now,
      mustChangePassword: input.mustChangePassword ?? false,
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

  async getProfile(actor: Actor): Promise<Profile> {
    const user = await this.deps.repos.users.findById(actor.id);
    if (!user) throw notFound();
    return toPublicUser(user);
  }

  /** Changes the caller's own name or language; the language is what the server and the UI speak to them. */
  async updateProfile(actor: Actor, changes: PatchProfileBody): Promise<Profile> {
    const fields = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
    };
    const user = await this.deps.repos.users.updateProfile(actor.id, fields, this.deps.clock.now());
    if (!user) throw notFound();
    return toPublicUser(user);
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
    await this.createUser({
      email: address,
      name: 'Administratör',
      role: 'superuser',
      password: chosen,
      mustChangePassword: !password,
    });
    return { email: address, password: password ? null : chosen };
  }

  private async requireByEmail(emailInput: string) {
    const user = await this.deps.repos.users.findByEmail(normalizeEmail(emailInput));
    if (!user)
      throw notFound(
        text('Det finns inget konto med den e-postadressen.', 'There is no account with that email address.'),
      );
    return user;
  }
}

export function assertPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    const message = text(
      `Lösenordet måste ha minst ${MIN_PASSWORD_LENGTH} tecken.`,
      `The password must have at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
    throw invalid(message, [{ path: ['password'], message }]);
  }
}
