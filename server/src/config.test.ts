import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      python: '/usr/bin/python3',
      workers: 1,
      cookieSecure: false,
      logFormat: 'auto',
    });
    expect(config.dataDir.endsWith('/data')).toBe(true);
  });

  it('marks cookies secure when the public URL is https', () => {
    expect(loadConfig({ SKRIPTOTEKET_PUBLIC_URL: 'https://skript.kommun.se' }).cookieSecure).toBe(true);
  });

  it('lists every problem in one error', () => {
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        SKRIPTOTEKET_ADMIN_PASSWORD: 'short',
        SKRIPTOTEKET_LOG_FORMAT: 'xml',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('SKRIPTOTEKET_ADMIN_PASSWORD');
      expect(problems).toContain('SKRIPTOTEKET_LOG_FORMAT');
    }
  });
});
