import { describe, expect, it } from 'vitest';
import { smtpSettingsFrom } from './smtp-settings';

describe('SMTP settings', () => {
  it('means the outbox when nothing is configured', () => {
    expect(smtpSettingsFrom({})).toBeNull();
  });

  it('reads host, port, credentials and STARTTLS from an smtp:// URL', () => {
    expect(smtpSettingsFrom({ url: 'smtp://mailer%40skola.se:p%C3%A5ss@smtp.skola.se:2525' })).toEqual({
      host: 'smtp.skola.se',
      port: 2525,
      secure: false,
      startTls: 'opportunistic',
      rejectUnauthorized: true,
      auth: { user: 'mailer@skola.se', pass: 'påss' },
    });
  });

  it('uses implicit TLS on 465 for smtps:// and lets the separate variables override', () => {
    expect(smtpSettingsFrom({ url: 'smtps://smtp.skola.se' })).toMatchObject({
      port: 465,
      secure: true,
      auth: null,
    });
    expect(
      smtpSettingsFrom({ url: 'smtp://a@smtp.skola.se', port: 587, startTls: 'required', password: 'x' }),
    ).toMatchObject({ port: 587, startTls: 'required', auth: { user: 'a', pass: 'x' } });
    expect(smtpSettingsFrom({ host: 'mail.local', secure: true })).toMatchObject({
      host: 'mail.local',
      port: 465,
    });
  });

  it('refuses a URL it cannot use', () => {
    expect(() => smtpSettingsFrom({ url: 'http://smtp.skola.se' })).toThrow(/smtp:\/\//);
    expect(() => smtpSettingsFrom({ url: 'not a url' })).toThrow(/not a URL/);
  });
});
