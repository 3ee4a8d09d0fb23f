import type { Role } from '@skriptoteket/contracts';
import { adminPasswordResetMail, invitationMail, suggestionDecidedMail } from '../mail/mail-templates';
import type { Mailer, MailContent } from '../mail/mail.ports';
import type { Clock } from '../shared/ports';
import type { SuggestionMail } from '../suggestions/suggestions.ports';
import type { AccountMail, Recipient } from './user-admin.ports';

/**
 * The mails of user administration and suggestions, sent through the platform's mailer (SMTP or the outbox) in
 * the recipient's language. A mail that could not be sent is logged and counted by the mailer.
 */
export class PeopleMail implements AccountMail, SuggestionMail {
  constructor(
    private readonly mailer: Mailer,
    /** The clock the links' expiry was computed with, so "valid for 7 days" says what was granted. */
    private readonly clock: Clock,
  ) {}

  async invitation(
    to: Recipient,
    link: { url: string; expiresAt: Date; invitedBy: string; role: Role },
  ): Promise<void> {
    await this.send(
      to,
      invitationMail(link.url, this.hoursUntil(link.expiresAt), link.role, link.invitedBy || undefined),
    );
  }

  async passwordReset(to: Recipient, link: { url: string; expiresAt: Date }): Promise<void> {
    await this.send(
      to,
      adminPasswordResetMail(link.url, this.hoursUntil(link.expiresAt), to.name || undefined),
    );
  }

  async decided(
    to: Recipient,
    outcome: { title: string; status: 'accepted' | 'declined'; reason: string | null; url: string },
  ): Promise<void> {
    await this.send(to, suggestionDecidedMail(outcome, to.name || undefined));
  }

  private async send(to: Recipient, content: MailContent): Promise<void> {
    await this.mailer.send({ to: to.email, locale: to.locale, content });
  }

  private hoursUntil(expiresAt: Date): number {
    return Math.max(1, Math.round((expiresAt.getTime() - this.clock.now().getTime()) / 3_600_000));
  }
}
