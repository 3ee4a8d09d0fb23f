import pino from 'pino';
import type { Logger } from '../shared/ports';

/** Never written to the log: session cookies, CSRF tokens, passwords. */
export const logRedactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.csrfToken',
  '*.sessionToken',
];

/** The process's one logger: HTTP requests (Fastify) and background work log through it. */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): pino.Logger {
  return pino(
    { level: options.level, redact: { paths: logRedactPaths, censor: '[redacted]' } },
    options.destination,
  );
}

export type ProcessLogger = pino.Logger & Logger;
