import { loadConfig } from '../config';
import { composeRuntime, openMigratedDatabase } from '../compose';
import { serveMetrics } from '../ops/metrics-server';
import { installProcessGuards } from '../ops/process-guards';
import { UsageError, type Options } from './usage';

/**
 * A standalone worker: takes runs from the shared PostgreSQL queue until SIGTERM, and serves its own /metrics.
 * Nothing a run or the database does stops it (slots wait out a database restart); an error nobody caught makes
 * it exit non-zero, so its supervisor (systemd, see README) starts it again.
 */
export async function runWorker(options: Options): Promise<string> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new UsageError('A standalone worker shares the queue through PostgreSQL: set DATABASE_URL.');
  const concurrency = Number(options['concurrency'] ?? Math.max(1, config.workers));
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError('--concurrency must be a positive integer');
  const database = await openMigratedDatabase(config);
  const runtime = composeRuntime(config, database);
  installProcessGuards(runtime.log, runtime.background);
  await runtime.sandbox.selfCheck();
  const metrics =
    config.workerMetricsPort > 0
      ? await serveMetrics({
          registry: runtime.metrics,
          host: config.host,
          port: config.workerMetricsPort,
          token: config.metricsToken,
        }).catch((error: Error) => {
          throw new Error(
            `could not serve metrics on ${config.host}:${config.workerMetricsPort} (${error.message}); ` +
              'set SKRIPTOTEKET_WORKER_METRICS_PORT to a free port, or 0 for none',
          );
        })
      : null;
  await runtime.start({ workers: concurrency });
  const where = metrics ? `, metrics on http://${config.host}:${config.workerMetricsPort}/metrics` : '';
  process.stdout.write(`Worker started (concurrency ${concurrency}, pid ${process.pid}${where}).\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  metrics?.close();
  await runtime.stop();
  await database.close();
  return 'Worker stopped.';
}
