import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../shared/ports';
import { SmtpCapture, linkIn } from '../../test/smtp-capture';
import { createMailer } from './create-mailer';
import { verificationMail } from './mail-templates';
import { smtpSettingsFrom } from './smtp-settings';

function recordingLogger(
  lines: { level: string; fields: Record<string, unknown>; message: string }[],
): Logger {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  const log: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => log,
  };
  return log;
}

async function counter(registry: Registry, name: string, transport: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels.transport === transport)?.value ?? 0;
}

describe('mailer over a real SMTP server', () => {
  const smtp = new SmtpCapture();
  beforeAll(async () => {
    await smtp.start();
  });
  afterAll(async () => smtp.stop());

  it('delivers a mail in the recipient’s language as plain text and HTML', async () => {
    const registry = new Registry();
    const { mailer, transport } = createMailer(
      {
        smtp: smtpSettingsFrom({ url: smtp.url }),
        from: 'Skriptoteket <no-reply@skola.test>',
        outboxDir: '',
      },
      recordingLogger([]),
      registry,
    );
    const link = 'http://app.test/verify?token=abc<&>';
    expect(
      await mailer.send({ to: 'sv@skola.test', locale: 'sv', content: verificationMail(link, 48, 'Åsa') }),
    ).toBe(true);
    expect(
      await mailer.send({ to: 'en@skola.test', locale: 'en', content: verificationMail(link, 48) }),
    ).toBe(true);
    await transport.close?.();

    const [sv] = await smtp.waitFor('sv@skola.test');
    expect(sv!.from).toBe('no-reply@skola.test');
    expect(sv!.subject).toBe('Bekräfta din e-postadress för Skriptoteket');
    expect(sv!.text).toContain('Hej Åsa!');
    expect(sv!.text).toContain('Länken gäller i 2 dagar');
    expect(sv!.text).toContain(link);
    expect(linkIn(sv!, '/verify').pathname).toBe('/verify');
    expect(sv!.html).toContain('href="http://app.test/verify?token=abc&lt;&amp;&gt;"');
    expect(sv!.html).not.toContain('abc<&>');
    const [en] = await smtp.waitFor('en@skola.test');
    expect(en!.subject).toBe('Confirm your email address for Skriptoteket');
    expect(en!.html).toContain('lang="en"');
    expect(await counter(registry, 'skriptoteket_mail_sent_total', 'smtp')).toBe(2);
  });

  it('logs and counts a mail the server refuses, and tells the caller it did not go out', async () => {
    const registry = new Registry();
    const lines: Parameters<typeof recordingLogger>[0] = [];
    const { mailer, transport } = createMailer(
      { smtp: smtpSettingsFrom({ url: smtp.url }), from: 'no-reply@skola.test', outboxDir: '' },
      recordingLogger(lines),
      registry,
    );
    smtp.rejecting = true;
    try {
      const sent = await mailer.send({
        to: 'x@skola.test',
        locale: 'sv',
        content: verificationMail('http://a/b', 1),
      });
      expect(sent).toBe(false);
    } finally {
      smtp.rejecting = false;
      await transport.close?.();
    }
    expect(await counter(registry, 'skriptoteket_mail_failures_total', 'smtp')).toBe(1);
    expect(lines.find((l) => l.level === 'error')).toMatchObject({
      message: 'could not send mail',
      fields: { to: 'x@skola.test', transport: 'smtp' },
    });
  });

  it('counts a failure when no SMTP server answers', async () => {
    const registry = new Registry();
    const { mailer, transport } = createMailer(
      { smtp: smtpSettingsFrom({ url: 'smtp://127.0.0.1:1' }), from: 'no-reply@skola.test', outboxDir: '' },
      recordingLogger([]),
      registry,
    );
    expect(
      await mailer.send({ to: 'y@skola.test', locale: 'en', content: verificationMail('http://a', 1) }),
    ).toBe(false);
    await transport.close?.();
    expect(await counter(registry, 'skriptoteket_mail_failures_total', 'smtp')).toBe(1);
  });
});

describe('mailer without SMTP', () => {
  it('writes the mail to the outbox directory and logs its text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-outbox-'));
    const lines: Parameters<typeof recordingLogger>[0] = [];
    const registry = new Registry();
    const { mailer } = createMailer(
      { smtp: null, from: 'no-reply@skola.test', outboxDir: path.join(dir, 'outbox') },
      recordingLogger(lines),
      registry,
    );
    const link = 'http://app.test/reset-password?token=t1';
    expect(await mailer.send({ to: 'a@skola.test', locale: 'en', content: verificationMail(link, 24) })).toBe(
      true,
    );

    const files = fs.readdirSync(path.join(dir, 'outbox')).sort();
    expect(files.map((f) => path.extname(f))).toEqual(['.eml', '.json']);
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'outbox', files[1]!), 'utf8')) as Record<
      string,
      string
    >;
    expect(json).toMatchObject({
      to: 'a@skola.test',
      subject: 'Confirm your email address for Skriptoteket',
    });
    expect(json.text).toContain(link);
    expect(fs.readFileSync(path.join(dir, 'outbox', files[0]!), 'utf8')).toMatch(
      /^From: no-reply@skola.test/m,
    );
    expect(lines.find((l) => l.level === 'info')?.fields.text).toContain(link);
    expect(await counter(registry, 'skriptoteket_mail_sent_total', 'outbox')).toBe(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
