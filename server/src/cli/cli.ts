import { parseArgs } from 'node:util';
import { roles, type Role } from '@skriptoteket/contracts';
import { ConfigError, loadConfig } from '../config';
import { composeRuntime, openMigratedDatabase } from '../compose';
import { AppError } from '../shared/app-error';
import { newReadablePassword } from '../shared/tokens';
import { demoTools, seedCatalog } from '../catalog/catalog-seed';
import { queryRows, type Database } from '../db/client';
import { sql } from 'drizzle-orm';

async function firstSuperuserId(database: Database): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    database.db,
    sql`select id from users where role = 'superuser' order by created_at limit 1`,
  );
  return row!.id;
}

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  db:migrate                                   apply pending database migrations
  user:create --email E --role R [--name N] [--password P]
                                               create an account (a password is generated when omitted)
  user:set-role --email E --role R             change an account's role (${roles.join(', ')})
  user:set-password --email E [--password P]   set a new password; signs the user out everywhere
  worker [--concurrency N]                     run tool runs from the queue (needs DATABASE_URL)
  catalog:seed-demo [--count N]                add N published demo tools (development data; default 50)
`;

type Options = Record<string, string | undefined>;

function requireOption(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

function parseRole(value: string): Role {
  if (!(roles as readonly string[]).includes(value))
    throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  return value as Role;
}

class UsageError extends Error {}

/** A standalone worker: takes runs from the shared PostgreSQL queue until SIGTERM. */
async function runWorker(options: Options): Promise<string> {
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

async function run(command: string | undefined, options: Options): Promise<string> {
  if (!command || command === 'help') return USAGE;
  if (command === 'worker') return runWorker(options);
  const known = ['db:migrate', 'user:create', 'user:set-role', 'user:set-password', 'catalog:seed-demo'];
  if (!known.includes(command)) throw new UsageError(`Unknown command: ${command}`);
  const config = loadConfig();
  const database = await openMigratedDatabase(config);
  try {
    const { users } = composeRuntime(config, database).services;
    switch (command) {
      case 'user:create': {
        const password = options['password'] ?? newReadablePassword();
        const user = await users.createUser({
          email: requireOption(options, 'email'),
          role: parseRole(requireOption(options, 'role')),
          name: options['name'],
          password,
        });
        return `Created ${user.email} (${user.role}).${options['password'] ? '' : ` Password: ${password}`}`;
      }
      case 'user:set-role': {
        const user = await users.setRole(
          requireOption(options, 'email'),
          parseRole(requireOption(options, 'role')),
        );
        return `${user.email} is now ${user.role}.`;
      }
      case 'user:set-password': {
        const password = options['password'] ?? newReadablePassword();
        await users.setPassword(requireOption(options, 'email'), password);
        return `Password changed; all sessions signed out.${options['password'] ? '' : ` New password: ${password}`}`;
      }
      case 'catalog:seed-demo': {
        const count = Number(options['count'] ?? 50);
        if (!Number.isInteger(count) || count < 1 || count > 100_000)
          throw new UsageError('--count must be 1–100000');
        const owner = await users.ensureFirstSuperuser(undefined, undefined);
        const ownerId = await firstSuperuserId(database);
        await seedCatalog(database.db, ownerId, demoTools(count));
        return `Added ${count} published demo tools.${owner?.password ? ` First admin ${owner.email}, password ${owner.password}` : ''}`;
      }
      default:
        return `Migrations applied (${database.kind}).`;
    }
  } finally {
    await database.close();
  }
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    password: { type: 'string' },
    concurrency: { type: 'string' },
    count: { type: 'string' },
  },
});

run(positionals[0], values).then(
  (message) => process.stdout.write(`${message}\n`),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\n${error instanceof UsageError ? USAGE : ''}`);
      process.exitCode = 2;
    } else if (error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  },
);
