import {
  text,
  type Locale,
  type RegisterBody,
  type RegistrationInfo,
  type ResendVerificationBody,
  type VerifyEmailResponse,
} from '@skriptoteket/contracts';
import type { Mailer } from '../mail/mail.ports';
import { passwordResetMail, verificationMail, emailChangeMail } from '../mail/mail-templates';
import { conflict, forbidden, invalid } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import type { RateCounter } from '../shared/rate-limit';
import { newId, sha256 } from '../shared/tokens';
import { consumeLink, hoursFor, issueLink, type LinkPolicy } from './account-links';
import { isValidEmail, normalizeEmail, type UserRecord } from './identity.model';
import type { AccountTokenPurpose, IdentityRepos, PasswordHasher } from './identity.ports';
import { assertPasswordStrength } from './users.service';

export interface AccountsServiceDeps {
  repos: IdentityRepos;
  hasher: PasswordHasher;
  clock: Clock;
  mailer: Mailer;
  counter: RateCounter;
  registration: RegistrationInfo;
  links: LinkPolicy;
  /** Mails of one kind to one address per hour; more requests are answered the same but send nothing. */
  mailsPerAddressPerHour: number;
}

const INVALID_EMAIL = text('Ogiltig e-postadress.', 'Invalid email address.');

/** The address's domain is one of the listed ones exactly (a subdomain must be listed itself). */
export function isAllowedDomain(email: string, domains: string[]): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return domains.includes(domain);
}

/**
 * Self-service accounts: registration, e-mail verification, forgotten passwords. Every answer that involves an
 * address is the same whether or not it has an account, and mails are sent without waiting for them, so neither
 * the answer nor its timing tells.
 */
export class AccountsService {
  constructor(private readonly deps: AccountsServiceDeps) {}

  registrationInfo(): RegistrationInfo {
    return this.deps.registration;
  }

  async register(body: RegisterBody, locale: Locale): Promise<void> {
    const { repos, hasher, clock, registration } = this.deps;
    if (registration.mode === 'off')
      throw forbidden(
        text(
          'Det går inte att skapa konto själv här. Be skolans administratör om ett konto.',
          'You cannot create an account yourself here. Ask your school’s administrator for an account.',
        ),
      );
    const email = this.checkAllowedEmail(body.email, 'email');
    assertPasswordStrength(body.password);
    const passwordHash = await hasher.hash(body.password);
    const existing = await repos.users.findByEmail(email);
    if (existing) {
      if (!existing.emailVerifiedAt) await this.sendLink(existing, 'verify_email');
      return;
    }
    const now = clock.now();
    const user: UserRecord = {
      id: newId(),
      email,
      name: body.name,
      role: 'user',
      locale: body.locale ?? locale,
      passwordHash,
      isActive: true,
      failedLoginCount: 0,
      lockedUntil: null,
      emailVerifiedAt: null,
      mustChangePassword: false,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await repos.users.insert(user);
    } catch (error) {
      // A concurrent registration of the same address won; answer as for an existing account.
      if (await repos.users.findByEmail(email)) return;
      throw error;
    }
    await this.sendLink(user, 'verify_email');
  }

  async verifyEmail(token: string): Promise<VerifyEmailResponse> {
    const { repos, clock } = this.deps;
    const used = await consumeLink({ tokens: repos.tokens, clock }, token, ['verify_email', 'change_email']);
    const now = clock.now();
    if (used.purpose === 'change_email' && used.newEmail) {
      if (!(await repos.users.updateEmail(used.userId, used.newEmail, now)))
        throw conflict(
          text(
            'Adressen används redan av ett annat konto. Din e-postadress är oförändrad.',
            'The address is already used by another account. Your email address is unchanged.',
          ),
        );
      return { kind: 'email_change', email: used.newEmail };
    }
    await repos.users.markEmailVerified(used.userId, now);
    const user = await repos.users.findById(used.userId);
    return { kind: 'registration', email: user?.email ?? '' };
  }

  /** A new verification link, by address or by an expired link; answers the same whatever it finds. */
  async resendVerification(body: ResendVerificationBody): Promise<void> {
    const { repos } = this.deps;
    let user: UserRecord | null = null;
    if ('email' in body) {
      user = await repos.users.findByEmail(normalizeEmail(body.email));
    } else {
      const old = await repos.tokens.findByHash(sha256(body.token));
      if (old?.purpose === 'verify_email') user = await repos.users.findById(old.userId);
    }
    if (user && !user.emailVerifiedAt && user.isActive) await this.sendLink(user, 'verify_email');
  }

  async forgotPassword(emailInput: string): Promise<void> {
    const user = await this.deps.repos.users.findByEmail(normalizeEmail(emailInput));
    if (user?.isActive) await this.sendLink(user, 'reset_password');
  }

  /** Sets the new password and signs the user out everywhere; the link also proves the address. */
  async resetPassword(token: string, password: string): Promise<void> {
    const { repos, hasher, clock } = this.deps;
    assertPasswordStrength(password);
    const used = await consumeLink({ tokens: repos.tokens, clock }, token, ['reset_password']);
    const now = clock.now();
    await repos.users.updatePasswordHash(used.userId, await hasher.hash(password), now);
    await repos.users.updateLoginState(used.userId, { failedLoginCount: 0, lockedUntil: null });
    await repos.users.markEmailVerified(used.userId, now);
    await repos.sessions.revokeAllForUser(used.userId, now);
    await repos.tokens.expireOpen(used.userId, 'reset_password', now);
  }

  /** Normalizes and checks an address someone wants for an account (registration, changing one's address). */
  checkAllowedEmail(input: string, field: string): string {
    const email = normalizeEmail(input);
    if (!isValidEmail(email)) throw invalid(INVALID_EMAIL, [{ path: [field], message: INVALID_EMAIL }]);
    const { mode, domains } = this.deps.registration;
    if (mode === 'domains' && !isAllowedDomain(email, domains)) {
      const message = text(
        `Bara adresser på ${domains.join(', ')} kan användas här.`,
        `Only addresses at ${domains.join(', ')} can be used here.`,
      );
      throw invalid(message, [{ path: [field], message }]);
    }
    return email;
  }

  /** Issues a link and mails it, at most `mailsPerAddressPerHour` per kind and address; never waits for the mail. */
  async sendLink(user: UserRecord, purpose: AccountTokenPurpose, newEmail?: string): Promise<void> {
    const { repos, clock, links, counter, mailer } = this.deps;
    const to = newEmail ?? user.email;
    const { count } = await counter.hit(`mail:${purpose}:${to}`, 3_600_000, clock.now());
    if (count > this.deps.mailsPerAddressPerHour) return;
    const link = await issueLink({ tokens: repos.tokens, clock, links }, user.id, purpose, newEmail ?? null);
    const hours = hoursFor(links, purpose);
    const content =
      purpose === 'reset_password'
        ? passwordResetMail(link, hours, user.name)
        : purpose === 'change_email'
          ? emailChangeMail(link, hours, user.name)
          : verificationMail(link, hours, user.name);
    // The mailer never rejects: failures are logged and counted there.
    void mailer.send({ to, locale: user.locale, content });
  }
}
