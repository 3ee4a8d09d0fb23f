import { text } from '@skriptoteket/contracts';
import { invitationMail, passwordResetMail } from '../mail/mail-templates';
import type { Mailer } from '../mail/mail.ports';
import type { SuggestionMail } from '../suggestions/suggestions.ports';
import type { AccountMail, Recipient } from './user-admin.ports';

/** The mails of user administration and suggestions, sent through the platform's mailer (SMTP or the outbox). */
export class PeopleMail implements AccountMail, SuggestionMail {
  constructor(private readonly mailer: Mailer) {}

  async invitation(to: Recipient, link: { url: string; expiresAt: Date }): Promise<void> {
    await this.send(to, invitationMail(link.url, hoursUntil(link.expiresAt)));
  }

  async passwordReset(to: Recipient, link: { url: string; expiresAt: Date }): Promise<void> {
    await this.send(to, passwordResetMail(link.url, hoursUntil(link.expiresAt), to.name || undefined));
  }

  async decided(
    to: Recipient,
    outcome: { title: string; status: 'accepted' | 'declined'; reason: string | null; url: string },
  ): Promise<void> {
    const isAccepted = outcome.status === 'accepted';
    await this.send(to, {
      subject: isAccepted
        ? text(
            `Ditt förslag "${outcome.title}" har godtagits`,
            `Your suggestion "${outcome.title}" was accepted`,
          )
        : text(
            `Ditt förslag "${outcome.title}" har avböjts`,
            `Your suggestion "${outcome.title}" was declined`,
          ),
      greeting: to.name ? text(`Hej ${to.name}!`, `Hello ${to.name},`) : text('Hej!', 'Hello,'),
      paragraphs: [
        isAccepted
          ? text(
              'Ett utkast till verktyget har skapats och du är dess underhållare. Du kan börja skriva det i redigeraren.',
              'A draft of the tool has been created and you maintain it. You can start writing it in the editor.',
            )
          : text(
              'Förslaget blir inte ett verktyg den här gången.',
              'The suggestion will not become a tool this time.',
            ),
        ...(outcome.reason ? [text(`Motivering: ${outcome.reason}`, `Reason: ${outcome.reason}`)] : []),
      ],
      action: { label: text('Visa förslaget', 'View the suggestion'), url: outcome.url },
    });
  }

  private async send(to: Recipient, content: Parameters<Mailer['send']>[0]['content']): Promise<void> {
    await this.mailer.send({ to: to.email, locale: to.locale, content });
  }
}

function hoursUntil(expiresAt: Date): number {
  return Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 3_600_000));
}
