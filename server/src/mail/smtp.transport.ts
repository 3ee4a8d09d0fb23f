import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailMessage, MailTransport } from './mail.ports';
import type { SmtpSettings } from './smtp-settings';

/** Sends over SMTP with nodemailer, one connection per mail (account mails are few), TLS and auth as configured. */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    settings: SmtpSettings,
    private readonly from: string,
  ) {
    const options: SMTPTransport.Options = {
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      requireTLS: settings.startTls === 'required',
      ignoreTLS: settings.startTls === 'off',
      tls: { rejectUnauthorized: settings.rejectUnauthorized },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      ...(settings.auth ? { auth: settings.auth } : {}),
    };
    this.transporter = nodemailer.createTransport(options);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, ...message });
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}
