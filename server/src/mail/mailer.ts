import type { Logger } from '../shared/ports';
import { renderMail } from './mail.model';
import type { Mailer, MailMetricsPort, MailTransport, OutgoingMail } from './mail.ports';

export interface TransportMailerDeps {
  transport: MailTransport;
  log: Logger;
  metrics: MailMetricsPort;
}

/** Renders each mail in its recipient's language and hands it to the transport; failures are logged and counted. */
export class TransportMailer implements Mailer {
  constructor(private readonly deps: TransportMailerDeps) {}

  async send(mail: OutgoingMail): Promise<boolean> {
    const { transport, log, metrics } = this.deps;
    const message = renderMail(mail.to, mail.locale, mail.content);
    try {
      await transport.send(message);
      metrics.sent(transport.kind);
      return true;
    } catch (error) {
      metrics.failed(transport.kind);
      log.error(
        { transport: transport.kind, to: mail.to, subject: message.subject, err: error },
        'could not send mail',
      );
      return false;
    }
  }
}
