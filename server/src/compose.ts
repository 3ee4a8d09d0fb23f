import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { buildApp, logRedactPaths } from './app';
import { AuditService } from './audit/audit.service';
import { DrizzleAuditReadRepo } from './audit/audit.repo';
import { authoringRepos } from './authoring/authoring.repo';
import { requireVisibleTool, ToolsService } from './authoring/tools.service';
import { VersionsService } from './authoring/versions.service';
import { CatalogService } from './catalog/catalog.service';
import { DrizzleCatalogRepo } from './catalog/catalog.repo';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { serverRoot } from './db/paths';
import { DrizzleUnitOfWork } from './db/unit-of-work';
import { createMetricsRegistry } from './http/metrics';
import { Argon2PasswordHasher } from './identity/argon2-hasher';
import { AuthService } from './identity/auth.service';
import { identityRepos } from './identity/identity.repo';
import { UsersService } from './identity/users.service';
import { createBoss, PgBossRunQueue, QueueWakeup, RUN_QUEUE } from './jobs/pg-boss.queue';
import { RunEventBus } from './jobs/run-events';
import { RunExecutor } from './jobs/run-executor';
import { RunMetrics } from './jobs/run-metrics';
import { RunWorker } from './jobs/run-worker';
import { RetentionJob } from './jobs/retention';
import { MESSAGES } from './runs/runs.model';
import { DrizzleRunRepo } from './runs/runs.repo';
import { RunsService } from './runs/runs.service';
import {
  DrizzleSessionFileRepo,
  DrizzleSettingsRepo,
  DrizzleToolSessionRepo,
  DrizzleToolSource,
} from './runs/session.repo';
import { SettingsService } from './runs/settings.service';
import { BubblewrapSandbox } from './sandbox/bubblewrap.sandbox';
import { PythonSyntaxChecker } from './sandbox/python-syntax.checker';
import type { SandboxLimits } from './sandbox/sandbox.ports';
import { systemClock, type Clock } from './shared/ports';
import { LocalFileStore } from './storage/local-file.store';

export interface Services {
  auth: AuthService;
  users: UsersService;
  tools: ToolsService;
  versions: VersionsService;
  audit: AuditService;
  catalog: CatalogService;
  runs: RunsService;
  settings: SettingsService;
}

export interface Runtime {
  services: Services;
  events: RunEventBus;
  metrics: Registry;
  sandbox: BubblewrapSandbox;
  retention: RetentionJob;
  /** Starts the queue, the in-process workers (SKRIPTOTEKET_WORKERS) and the lease reaper. */
  start(options?: { workers?: number; workerName?: string }): Promise<void>;
  stop(): Promise<void>;
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

export function sandboxLimits(config: Config): Record<'production' | 'test', SandboxLimits> {
  const base = {
    memoryBytes: config.runs.memoryBytes,
    maxProcesses: config.runs.maxProcesses,
    diskBytes: config.runs.diskBytes,
    captureBytes: 200_000,
  };
  const forWall = (wallMs: number) => ({ ...base, wallMs, cpuSeconds: Math.ceil(wallMs / 1000) + 1 });
  return { production: forWall(config.runs.productionTimeoutMs), test: forWall(config.runs.testTimeoutMs) };
}

export const runnerDir = () => path.join(serverRoot(), '..', 'runner');

/** The composition root: database → repositories → services → queue and workers. */
export function composeRuntime(config: Config, database: Database, clock: Clock = systemClock): Runtime {
  const repos = identityRepos(database.db);
  const hasher = new Argon2PasswordHasher();
  const uow = new DrizzleUnitOfWork(database.db, authoringRepos);
  const metrics = createMetricsRegistry();
  const events = new RunEventBus(database.pool);
  const wakeup = new QueueWakeup(database.pool);
  const boss = createBoss(database, (error) => process.stderr.write(`queue error: ${error.message}\n`));
  const limits = sandboxLimits(config);
  const leaseSeconds = Math.ceil(
    (Math.max(limits.production.wallMs, limits.test.wallMs) + config.runs.leaseGraceMs) / 1000,
  );
  const queue = new PgBossRunQueue(boss, wakeup, leaseSeconds);
  const runRepo = new DrizzleRunRepo(database.db);
  const fileStore = new LocalFileStore(path.join(config.dataDir, 'files'));
  const retention = new RetentionJob({ db: database.db, files: fileStore, policy: config.retention });
  const runDeps = {
    runs: runRepo,
    sessions: new DrizzleToolSessionRepo(database.db),
    sessionFiles: new DrizzleSessionFileRepo(database.db),
    tools: new DrizzleToolSource(database.db),
    files: fileStore,
    events,
    clock,
  };
  const sandbox = new BubblewrapSandbox({
    python: config.python,
    pythonPath: config.pythonPath,
    runnerDir: runnerDir(),
  });
  const executor = new RunExecutor({
    ...runDeps,
    settings: new DrizzleSettingsRepo(database.db),
    sandbox,
    syntax: new PythonSyntaxChecker({ python: config.python }),
    workRoot: path.join(os.tmpdir(), 'skriptoteket-runs'),
    limits,
    leaseGraceMs: config.runs.leaseGraceMs,
    metrics: new RunMetrics(metrics, queue),
  });
  const services: Services = {
    auth: new AuthService({ repos, hasher, clock, lockout: config.login, session: config.session }),
    users: new UsersService({ repos, hasher, clock }),
    tools: new ToolsService({ uow, clock }),
    versions: new VersionsService({ uow, clock, syntax: new PythonSyntaxChecker({ python: config.python }) }),
    audit: new AuditService({
      audit: new DrizzleAuditReadRepo(database.db),
      canSeeTool: async (actor, toolId) => {
        await requireVisibleTool(authoringRepos(database.db), actor, toolId);
      },
    }),
    catalog: new CatalogService({
      catalog: new DrizzleCatalogRepo(database.db),
      clock,
      uploadLimits: config.uploads,
    }),
    runs: new RunsService({ ...runDeps, queue, uploadLimits: config.uploads }),
    settings: new SettingsService({
      settings: new DrizzleSettingsRepo(database.db),
      tools: runDeps.tools,
      clock,
    }),
  };

  let worker: RunWorker | null = null;
  let reaper: NodeJS.Timeout | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  return {
    services,
    events,
    metrics,
    sandbox,
    retention,
    async start(options = {}) {
      await boss.start();
      await boss.createQueue(RUN_QUEUE);
      await events.start();
      const workers = options.workers ?? config.workers;
      if (workers > 0) {
        await wakeup.listen();
        worker = new RunWorker({
          boss,
          executor,
          wakeup,
          name: options.workerName ?? `${os.hostname()}:${process.pid}`,
        });
        await worker.start(workers);
      }
      reaper = setInterval(
        () => {
          void runRepo
            .failExpiredLeases(clock.now(), MESSAGES.workerLost)
            .then(async (ids) => {
              for (const runId of ids) await events.publish({ runId, status: 'failed' });
            })
            .catch(() => undefined);
        },
        Math.min(5_000, config.runs.leaseGraceMs / 2),
      );
      reaper.unref();
      retentionTimer = setInterval(() => {
        void retention
          .runOnce(clock.now())
          .catch((error: Error) => process.stderr.write(`retention failed: ${error.message}\n`));
      }, config.retention.intervalMs);
      retentionTimer.unref();
    },
    async stop() {
      clearInterval(reaper);
      clearInterval(retentionTimer);
      await worker?.stop(10_000);
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      await events.stop();
      wakeup.close();
    },
  };
}

export function defaultWebDir(): string {
  return path.join(serverRoot(), '..', 'web', 'dist');
}

export async function composeApp(
  config: Config,
  database: Database,
  runtime: Runtime,
): Promise<FastifyInstance> {
  return buildApp({
    services: runtime.services,
    readinessChecks: { database: () => database.ping(), sandbox: () => runtime.sandbox.selfCheck() },
    metricsRegistry: runtime.metrics,
    events: runtime.events,
    uploadLimits: config.uploads,
    cookieSecure: config.cookieSecure,
    sessionMaxDays: config.session.maxDays,
    loginRatePerMinute: config.login.ratePerMinute,
    webDir: config.webDir ?? defaultWebDir(),
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    logger: { level: config.logLevel, redact: { paths: logRedactPaths, censor: '[redacted]' } },
  });
}
