import type { Logger } from '../shared/ports';
import type { SuggestionMail } from '../suggestions/suggestions.ports';
import type { AccountMail, Recipient } from './user-admin.ports';

/**
 * The mails of user administration and suggestions written to the server log, for a platform without a
 * mailer: an operator can pass a link on by hand. Plug the platform's mailer in here when it exists.
 */
export class LoggedMail implements AccountMail, SuggestionMail {
  constructor(private readonly log: Logger) {}

  async invitation(to: Recipient, link: { url: string; expiresAt: Date }): Promise<void> {
    this.log.info(
      { mail: 'invitation', to: to.email, url: link.url, expiresAt: link.expiresAt },
      'mail not sent: no mailer; invitation link',
    );
  }

  async passwordReset(to: Recipient, link: { url: string; expiresAt: Date }): Promise<void> {
    this.log.info(
      { mail: 'password_reset', to: to.email, url: link.url, expiresAt: link.expiresAt },
      'mail not sent: no mailer; reset link',
    );
  }

  async decided(to: Recipient, outcome: { title: string; status: string; url: string }): Promise<void> {
    this.log.info(
      { mail: 'suggestion_decided', to: to.email, ...outcome },
      'mail not sent: no mailer; suggestion decided',
    );
  }
}
