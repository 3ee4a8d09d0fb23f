import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { MailMessage, MailTransport } from './mail.ports';
import type { SmtpSettings } from './smtp-settings';

/** Sends over SMTP with nodemailer (pooled connections, TLS and auth as configured). */
export class SmtpMailTransport implements MailTransport {
  readonly kind = 'smtp';
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(
    settings: SmtpSettings,
    private readonly from: string,
  ) {
    const options: SMTPPool.Options = {
      pool: true,
      maxConnections: 2,
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
