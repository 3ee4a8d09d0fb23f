import type { Registry } from 'prom-client';
import type { Logger } from '../shared/ports';
import { PrometheusMailMetrics } from './mail-metrics';
import type { MailTransport } from './mail.ports';
import { TransportMailer } from './mailer';
import { OutboxMailTransport } from './outbox.transport';
import type { SmtpSettings } from './smtp-settings';
import { SmtpMailTransport } from './smtp.transport';

export interface MailSettings {
  smtp: SmtpSettings | null;
  /** The From header, e.g. `Skriptoteket <no-reply@school.example>`. */
  from: string;
  /** Where mails go when no SMTP server is configured. */
  outboxDir: string;
}

/** SMTP when configured, else the outbox directory; failures logged and counted in `registry`. */
export function createMailer(
  settings: MailSettings,
  log: Logger,
  registry: Registry,
): { mailer: TransportMailer; transport: MailTransport } {
  const mailLog = log.child({ component: 'mail' });
  const transport: MailTransport = settings.smtp
    ? new SmtpMailTransport(settings.smtp, settings.from)
    : new OutboxMailTransport(settings.outboxDir, settings.from, mailLog);
  const mailer = new TransportMailer({
    transport,
    log: mailLog,
    metrics: new PrometheusMailMetrics(registry),
  });
  return { mailer, transport };
}
