import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../shared/ports';
import { newId } from '../shared/tokens';
import type { MailMessage, MailTransport } from './mail.ports';

/**
 * Without SMTP (development, a first try-out), each mail is written to the outbox directory as `<name>.eml` (the
 * real MIME message) and `<name>.json` (to, subject, text, html), and its text is logged, so a person running
 * the server can follow a verification or reset link.
 */
export class OutboxMailTransport implements MailTransport {
  readonly kind = 'outbox';
  private readonly mime = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });

  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly log: Logger,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${newId().slice(0, 8)}`;
    const info = await this.mime.sendMail({ from: this.from, ...message });
    const file = path.join(this.dir, `${name}.eml`);
    await writeFile(file, info.message as Buffer, { mode: 0o600 });
    await writeFile(
      path.join(this.dir, `${name}.json`),
      JSON.stringify({ from: this.from, ...message, createdAt: new Date().toISOString() }, null, 2),
      { mode: 0o600 },
    );
    this.log.info(
      { to: message.to, subject: message.subject, file, text: message.text },
      'mail written to the outbox (no SMTP configured)',
    );
  }
}
