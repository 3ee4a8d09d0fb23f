import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Runtime } from './compose';
import type { Config } from './config';
import type { Database } from './db/client';
import { serverRoot } from './db/paths';
import { CachedCheck, SystemStatusService } from './ops/system-status.service';
import { systemClock } from './shared/ports';

/** The HTTP app over a composed runtime (compose.ts): routes, readiness checks, the web app's files. */

export function defaultWebDir(): string {
  return path.join(serverRoot(), '..', 'web', 'dist');
}

/** The sandbox self-check result is reused this long by /readyz and the admin's system status. */
const SANDBOX_CHECK_TTL_MS = 60_000;

/**
 * `checkSandboxAtStart`: the server checks its sandbox as it starts, so a broken one is in the log at once (and
 * the first readiness probe has its answer ready) instead of at the first run. Tests leave it off.
 */
export async function composeApp(
  config: Config,
  database: Database,
  runtime: Runtime,
  { checkSandboxAtStart = false }: { checkSandboxAtStart?: boolean } = {},
): Promise<FastifyInstance> {
  // Only a process that runs tools needs the sandbox; a web process with no workers is ready without it.
  const sandboxCheck =
    config.workers > 0
      ? new CachedCheck(() => runtime.sandbox.selfCheck(), SANDBOX_CHECK_TTL_MS, systemClock)
      : null;
  if (sandboxCheck && checkSandboxAtStart)
    sandboxCheck.run().then(
      () => runtime.log.debug('sandbox self-check passed'),
      (error: unknown) =>
        runtime.log.error({ err: error }, 'sandbox self-check failed: runs will fail until it is fixed'),
    );
  const app = await buildApp({
    services: runtime.services,
    readinessChecks: {
      database: () => database.ping(),
      ...(sandboxCheck ? { sandbox: () => sandboxCheck.run() } : {}),
    },
    systemStatus: new SystemStatusService({ sandbox: sandboxCheck }),
    metricsRegistry: runtime.metrics,
    events: runtime.events,
    uploadLimits: config.uploads,
    eventStreamsPerUser: config.runs.eventStreamsPerUser,
    cookieSecure: config.cookieSecure,
    sessionMaxDays: config.session.maxDays,
    loginRatePerMinute: config.login.ratePerMinute,
    accountRatePerMinute: config.accounts.ratePerMinute,
    rateCounter: runtime.rateCounter,
    clock: runtime.clock,
    webDir: config.webDir ?? defaultWebDir(),
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    logger: runtime.log,
  });
  app.addHook('onReady', async () => {
    await runtime.changes.start();
    await runtime.catalogIndex.ready();
  });
  app.addHook('onClose', async () => {
    await runtime.catalogIndex.stop();
    await runtime.changes.stop();
  });
  return app;
}
