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
import { DrizzleUnitOfWork } from './db/unit-of-work';
import { authoringRepos } from './authoring/authoring.repo';
import { ToolsService } from './authoring/tools.service';
import { VersionsService } from './authoring/versions.service';
import { requireVisibleTool } from './authoring/tools.service';
import { AuditService } from './audit/audit.service';
import { DrizzleAuditReadRepo } from './audit/audit.repo';
import { CatalogService } from './catalog/catalog.service';
import { DrizzleCatalogRepo } from './catalog/catalog.repo';

export interface Services {
  auth: AuthService;
  users: UsersService;
  tools: ToolsService;
  versions: VersionsService;
  audit: AuditService;
  catalog: CatalogService;
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
  const uow = new DrizzleUnitOfWork(database.db, authoringRepos);
  return {
    auth: new AuthService({ repos, hasher, clock, lockout: config.login, session: config.session }),
    users: new UsersService({ repos, hasher, clock }),
    tools: new ToolsService({ uow, clock }),
    versions: new VersionsService({ uow, clock }),
    audit: new AuditService({
      audit: new DrizzleAuditReadRepo(database.db),
      canSeeTool: async (actor, toolId) => {
        await requireVisibleTool(authoringRepos(database.db), actor, toolId);
      },
    }),
    catalog: new CatalogService({ catalog: new DrizzleCatalogRepo(database.db) }),
  };
}

export function defaultWebDir(): string {
  return path.join(serverRoot(), '..', 'web', 'dist');
}

export async function composeApp(
  config: Config,
  database: Database,
  services: Services,
): Promise<FastifyInstance> {
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
