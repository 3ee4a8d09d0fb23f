import { Counter, type Registry } from 'prom-client';
import type { MailMetricsPort } from './mail.ports';

/** `skriptoteket_mail_sent_total` and `skriptoteket_mail_failures_total` by transport (smtp, outbox). */
export class PrometheusMailMetrics implements MailMetricsPort {
  private readonly sentTotal: Counter<'transport'>;
  private readonly failedTotal: Counter<'transport'>;

  constructor(registry: Registry) {
    this.sentTotal = new Counter({
      name: 'skriptoteket_mail_sent_total',
      help: 'Mails handed to the transport successfully, by transport',
      labelNames: ['transport'],
      registers: [registry],
    });
    this.failedTotal = new Counter({
      name: 'skriptoteket_mail_failures_total',
      help: 'Mails that could not be sent, by transport',
      labelNames: ['transport'],
      registers: [registry],
    });
  }

  sent(transport: string): void {
    this.sentTotal.inc({ transport });
  }

  failed(transport: string): void {
    this.failedTotal.inc({ transport });
  }
}
