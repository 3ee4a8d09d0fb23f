import type { Locale, Text } from '@skriptoteket/contracts';

/** A mail ready to hand to a transport: one language, plain text and HTML. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Delivers one message or throws; SMTP in production, an outbox directory when no SMTP is configured. */
export interface MailTransport {
  /** `smtp` or `outbox`: the label of the mail metrics. */
  readonly kind: string;
  send(message: MailMessage): Promise<void>;
  close?(): Promise<void>;
}

/**
 * What a mail says, in both languages; the mailer renders it in the recipient's language. The action is the link
 * the mail exists for (verify, reset, accept an invitation); its URL is the same in both languages.
 */
export interface MailContent {
  subject: Text;
  greeting?: Text;
  paragraphs: Text[];
  action?: { label: Text; url: string };
  /** Said after the action, e.g. how long the link is valid and what to do if the mail was unexpected. */
  after?: Text[];
}

export interface OutgoingMail {
  to: string;
  locale: Locale;
  content: MailContent;
}

/**
 * What services use to send mail. Never throws: a failed delivery is logged and counted, and the caller learns
 * only whether it went out (a registration must answer the same whether or not a mail could be sent).
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<boolean>;
}

/** Counts sent and failed mails by transport (Prometheus in the app). */
export interface MailMetricsPort {
  sent(transport: string): void;
  failed(transport: string): void;
}
