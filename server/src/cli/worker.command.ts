import { loadConfig } from '../config';
import { composeRuntime, openMigratedDatabase } from '../compose';
import { UsageError, type Options } from './usage';

/** A standalone worker: takes runs from the shared PostgreSQL queue until SIGTERM. */
export async function runWorker(options: Options): Promise<string> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new UsageError('A standalone worker shares the queue through PostgreSQL: set DATABASE_URL.');
  const concurrency = Number(options['concurrency'] ?? Math.max(1, config.workers));
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new UsageError('--concurrency must be a positive integer');
  const database = await openMigratedDatabase(config);
  const runtime = composeRuntime(config, database);
  await runtime.sandbox.selfCheck();
  await runtime.start({ workers: concurrency });
  process.stdout.write(`Worker started (concurrency ${concurrency}, pid ${process.pid}).\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await runtime.stop();
  await database.close();
  return 'Worker stopped.';
}
