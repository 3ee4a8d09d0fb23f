import type { AccountMail, Recipient } from '../../src/people/user-admin.ports';
import type { SuggestionMail } from '../../src/suggestions/suggestions.ports';

export interface CapturedMail {
  kind: 'invitation' | 'password_reset' | 'suggestion_decided';
  to: Recipient;
  url: string;
  details: Record<string, unknown>;
}

/** Keeps every mail user administration and suggestions send, so a test can follow the link in it. */
export class CapturingMail implements AccountMail, SuggestionMail {
  readonly sent: CapturedMail[] = [];

  async invitation(to: Recipient, link: { url: string; expiresAt: Date; invitedBy: string }) {
    this.sent.push({ kind: 'invitation', to, url: link.url, details: { ...link } });
  }

  async passwordReset(to: Recipient, link: { url: string; expiresAt: Date }) {
    this.sent.push({ kind: 'password_reset', to, url: link.url, details: { ...link } });
  }

  async decided(
    to: Recipient,
    outcome: { title: string; status: string; reason: string | null; url: string },
  ) {
    this.sent.push({ kind: 'suggestion_decided', to, url: outcome.url, details: { ...outcome } });
  }

  /** The token of the newest link sent to `email`. */
  lastToken(email: string): string {
    const mail = [...this.sent]
      .reverse()
      .find((m) => m.to.email === email && m.kind !== 'suggestion_decided');
    if (!mail) throw new Error(`no link was sent to ${email}`);
    return new URL(mail.url).searchParams.get('token')!;
  }
}
