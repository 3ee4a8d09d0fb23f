import { text } from '@skriptoteket/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import { unauthenticated } from '../shared/app-error';
import { safeEqual } from '../shared/tokens';

export interface HealthRoutesOptions {
  /** Named readiness checks; each throws when its dependency is down. */
  checks: Record<string, () => Promise<void>>;
  registry: Registry;
  /** When set, /metrics answers only `Authorization: Bearer <token>` (for scrapers outside the private network). */
  metricsToken?: string | undefined;
}

const CHECK_TIMEOUT_MS = 2000;

async function runCheck(check: () => Promise<void>): Promise<'ok' | 'fail'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch {
    return 'fail';
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, opts) => {
  const config = { access: 'public' as const, skipSession: true };

  app.get('/healthz', { config, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config, schema: { hide: true } }, async (_request, reply) => {
    const names = Object.keys(opts.checks);
    const results = await Promise.all(names.map((name) => runCheck(opts.checks[name]!)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const ready = results.every((r) => r === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ok' : 'degraded', checks });
  });

  app.get('/metrics', { config, schema: { hide: true } }, async (request, reply) => {
    if (opts.metricsToken && !safeEqual(request.headers.authorization ?? '', `Bearer ${opts.metricsToken}`)) {
      throw unauthenticated(text('Mätvärdena kräver en giltig token.', 'The metrics need a valid token.'));
    }
    return reply.type(opts.registry.contentType).send(await opts.registry.metrics());
  });
};
