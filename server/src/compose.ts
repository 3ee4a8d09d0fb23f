import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, logRedactPaths } from './app';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { serverRoot } from './db/paths';
import { createMetricsRegistry } from './http/metrics';
import { Argon2PasswordHasher } from './identity/argon2-hasher';
import { AuthService } from './identity/auth.service';
import { identityRepos } from './identity/identity.repo';
import { UsersService } from './identity/users.service';
import { systemClock, type Clock } from './shared/ports';

export interface Services {
  auth: AuthService;
  users: UsersService;
}

export function databaseOptionsFrom(config: Config) {
  return config.databaseUrl
    ? ({ kind: 'postgres', url: config.databaseUrl } as const)
    : ({ kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') } as const);
}

/** Opens the database and applies pending migrations. */
export async function openMigratedDatabase(config: Config): Promise<Database> {
  const database = await openDatabase(databaseOptionsFrom(config));
  await database.migrate();
  return database;
}

export function composeServices(config: Config, database: Database, clock: Clock = systemClock): Services {
  const repos = identityRepos(database.db);
  const hasher = new Argon2PasswordHasher();
  return {
    auth: new AuthService({ repos, hasher, clock, lockout: config.login, session: config.session }),
    users: new UsersService({ repos, hasher, clock }),
  };
}

export function defaultWebDir(): string {
  return path.join(serverRoot(), '..', 'web', 'dist');
}

export async function composeApp(config: Config, database: Database, services: Services): Promise<FastifyInstance> {
  return buildApp({
    services,
    readinessChecks: { database: () => database.ping() },
    metricsRegistry: createMetricsRegistry(),
    cookieSecure: config.cookieSecure,
    sessionMaxDays: config.session.maxDays,
    loginRatePerMinute: config.login.ratePerMinute,
    webDir: config.webDir ?? defaultWebDir(),
    trustProxy: config.trustProxy,
    logger: { level: config.logLevel, redact: { paths: logRedactPaths, censor: '[redacted]' } },
  });
}
