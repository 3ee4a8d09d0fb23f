/** How to reach the SMTP server; parsed from SMTP_URL and the separate SMTP_* variables (see README). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, usually port 465). */
  secure: boolean;
  /** STARTTLS: `required` refuses a server without it, `opportunistic` uses it when offered, `off` never. */
  startTls: 'required' | 'opportunistic' | 'off';
  /** Refuse a server certificate that does not verify (set false only for a private test server). */
  rejectUnauthorized: boolean;
  auth: { user: string; pass: string } | null;
}

export interface SmtpVariables {
  url?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  secure?: boolean | undefined;
  startTls?: SmtpSettings['startTls'] | undefined;
  user?: string | undefined;
  password?: string | undefined;
  rejectUnauthorized?: boolean | undefined;
}

/**
 * `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (implicit TLS); the separate
 * variables fill in or override parts of the URL. Null when neither a URL nor a host is given: mail goes to the
 * outbox. Throws a readable message for a URL it cannot use.
 */
export function smtpSettingsFrom(vars: SmtpVariables): SmtpSettings | null {
  let fromUrl: Partial<SmtpSettings> = {};
  if (vars.url) {
    let url: URL;
    try {
      url = new URL(vars.url);
    } catch {
      throw new Error('SMTP_URL is not a URL (smtp://user:password@host:port or smtps://…)');
    }
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')
      throw new Error('SMTP_URL must start with smtp:// or smtps://');
    const secure = url.protocol === 'smtps:';
    fromUrl = {
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : null,
    };
  }
  const host = vars.host ?? fromUrl.host;
  if (!host) return null;
  const secure = vars.secure ?? fromUrl.secure ?? false;
  const user = vars.user ?? fromUrl.auth?.user;
  const pass = vars.password ?? fromUrl.auth?.pass ?? '';
  return {
    host,
    port: vars.port ?? fromUrl.port ?? (secure ? 465 : 587),
    secure,
    startTls: vars.startTls ?? 'opportunistic',
    rejectUnauthorized: vars.rejectUnauthorized ?? true,
    auth: user ? { user, pass } : null,
  };
}
