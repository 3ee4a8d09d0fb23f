import { text } from '@skriptoteket/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import type { RateCounter, RateRule } from '../shared/rate-limit';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requests per client IP, counted in the database so the limit holds across web processes. */
    ipLimit?: { name: string } & RateRule;
  }
}

export const RATE_LIMITED_TEXT = text(
  'För många försök. Vänta en stund och försök igen.',
  'Too many attempts. Wait a moment and try again.',
);

export function rateLimited(resetAt: Date, now: Date): AppError {
  return new AppError('RATE_LIMITED', RATE_LIMITED_TEXT, {
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
  });
}

/** Counts the request against its route's `config.ipLimit` before the body is parsed. */
async function ipRateLimit(
  app: FastifyInstance,
  opts: { counter: RateCounter; clock: Clock },
): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const limit = request.routeOptions.config.ipLimit;
    if (!limit) return;
    const now = opts.clock.now();
    const { count, resetAt } = await opts.counter.hit(`ip:${limit.name}:${request.ip}`, limit.windowMs, now);
    if (count > limit.max) throw rateLimited(resetAt, now);
  });
}

export default fp(ipRateLimit, { name: 'ip-rate-limit' });
