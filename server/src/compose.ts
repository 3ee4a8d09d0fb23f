import os from 'node:os';
import path from 'node:path';
import type { Registry } from 'prom-client';
import type { AppServices } from './app';
import { AuditService } from './audit/audit.service';
import { DrizzleAuditReadRepo } from './audit/audit.repo';
import { authoringRepos } from './authoring/authoring.repo';
import { requireVisibleTool, ToolsService } from './authoring/tools.service';
import { VersionsService } from './authoring/versions.service';
import { CatalogService } from './catalog/catalog.service';
import { DrizzleCatalogRepo } from './catalog/catalog.repo';
import { LiveCatalogIndex } from './catalog/catalog-live-index';
import { CachedFavoriteIds } from './catalog/favorites-cache';
import { CachedToolSource } from './runs/tool-source-cache';
import { DatabaseChangeFeed } from './db/change-feed';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { serverRoot } from './db/paths';
import { DrizzleUnitOfWork } from './db/unit-of-work';
import type { BankSeeder } from './bank/bank-seeder';
import { bankServices } from './compose-bank';
import { peopleServices } from './compose-people';
import { createMetricsRegistry } from './http/metrics';
import { isPrettyLog, PrettyLogStream } from './ops/log-format';
import { DrizzleRateCounter } from './http/rate-counter.repo';
import { BackgroundJobs } from './jobs/background';
import { DatabaseRunQueue, QueueWakeup } from './jobs/run-queue';
import { RunRecorder } from './jobs/run-recorder';
import { RunEventBus } from './jobs/run-events';
import { RunExecutor } from './jobs/run-executor';
import { RunMetrics } from './jobs/run-metrics';
import { RunTimeline } from './jobs/run-timeline';
import { RunWorker } from './jobs/run-worker';
import { RetentionJob } from './jobs/retention';
import { DrizzleRunRepo } from './runs/runs.repo';
import { RunsService } from './runs/runs.service';
import {
  DrizzleSessionFileRepo,
  DrizzleSettingsRepo,
  DrizzleToolSessionRepo,
  DrizzleToolSource,
} from './runs/session.repo';
import { SettingsService } from './runs/settings.service';
import { authoringTestRunAccess } from './runs/test-run-access';
import { TestRunsService } from './runs/test-runs.service';
import { poolMetrics } from './sandbox/pool-metrics';
import { SandboxHost } from './sandbox/sandbox-host';
import { RUN_UID_RANGE } from './sandbox/bwrap';
import { PythonSyntaxChecker } from './sandbox/python-syntax.checker';
import { DiagnosticsService } from './authoring/diagnostics.service';
import type { SandboxLimits } from './sandbox/sandbox.ports';
import { systemClock, type Clock } from './shared/ports';
import { LocalFileStore } from './storage/local-file.store';
import { LocalRunWorkspace } from './sandbox/run-workspace';
import { runFolderBase } from './sandbox/run-folder';
import { createLogger, type ProcessLogger } from './ops/logger';
import { createMailer } from './mail/create-mailer';
import type { Mailer } from './mail/mail.ports';
import type { AccountMail } from './people/user-admin.ports';
import type { SuggestionMail } from './suggestions/suggestions.ports';

/** What the app serves with, and the bank seeder the CLI and start-up use. */
export interface Services extends AppServices {
  bankSeeder: BankSeeder;
}

export interface Runtime {
  services: Services;
  events: RunEventBus;
  metrics: Registry;
  /** Where runs' time goes: marks per step, in /metrics and for benchmarks. */
  timeline: RunTimeline;
  /** Runs' sandboxes, started by a small child process (the sandbox host) that owns the warm pool. */
  sandbox: SandboxHost;
  retention: RetentionJob;
  log: ProcessLogger;
  background: BackgroundJobs;
  /** Sends mail in the recipient's language over SMTP, or to the outbox directory without SMTP. */
  mailer: Mailer;
  rateCounter: DrizzleRateCounter;
  clock: Clock;
  /** The catalog's in-memory search index; a web process builds it when its app becomes ready. */
  catalogIndex: LiveCatalogIndex;
  /** What keeps in-memory copies current (the catalog index, the session and favorites caches). */
  changes: DatabaseChangeFeed;
  /** Starts the event bus, the in-process workers (SKRIPTOTEKET_WORKERS), the lease reaper and retention. */
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

export interface RuntimeOptions {
  clock?: Clock;
  /** The process's logger; by default one is made from the configuration (JSON lines on stdout). */
  logger?: ProcessLogger;
  /** Where user administration and suggestions send mail; by default the platform's mailer. */
  mail?: AccountMail & SuggestionMail;
}

/** The composition root: database → repositories → services → queue and workers. */
export function composeRuntime(
  config: Config,
  database: Database,
  options: RuntimeOptions | Clock = {},
): Runtime {
  const { clock = systemClock, logger, mail: peopleMail } = 'now' in options ? { clock: options } : options;
  // Through process.stdout like the start-up lines, so the first-admin banner really is printed last.
  const log =
    logger ??
    createLogger({
      level: config.logLevel,
      destination: isPrettyLog(config.logFormat, process.stdout)
        ? new PrettyLogStream(process.stdout)
        : process.stdout,
    });
  const changes = new DatabaseChangeFeed(database, log.child({ component: 'changes' }));
  const uow = new DrizzleUnitOfWork(database.db, authoringRepos);
  const metrics = createMetricsRegistry();
  const background = new BackgroundJobs(metrics, log);
  const mail = createMailer(config.mail, log, metrics);
  // A NOTIFY that did not go out only delays another process (its streams re-read, its workers poll): counted.
  const events = new RunEventBus(database.pool, database.origin, log);
  const wakeup = new QueueWakeup(database.pool, database.origin, log);
  const runRepo = new DrizzleRunRepo(database.db);
  const queue = new DatabaseRunQueue(runRepo, wakeup);
  const runMetrics = new RunMetrics(metrics, queue);
  const timeline = new RunTimeline(metrics);
  const fileStore = new LocalFileStore(path.join(config.dataDir, 'files'));
  const retention = new RetentionJob({ db: database.db, files: fileStore, policy: config.retention });
  const runDeps = {
    runs: runRepo,
    sessions: new DrizzleToolSessionRepo(database.db),
    sessionFiles: new DrizzleSessionFileRepo(database.db),
    // Submissions look a tool up by slug on every run: kept in memory until the catalog's triggers announce a change.
    tools: new CachedToolSource(new DrizzleToolSource(database.db), changes),
    files: fileStore,
    events,
    clock,
  };
  const runFolder = runFolderBase({
    configured: config.runFolder,
    concurrentRuns: config.workers,
    bytesPerRun: config.runs.diskBytes + config.uploads.maxTotalBytes,
  });
  const workspace = new LocalRunWorkspace(runFolder.dir, log);
  const sandbox = new SandboxHost({
    sandbox: {
      python: config.python,
      pythonPath: config.pythonPath,
      runnerDir: runnerDir(),
      uidRange: RUN_UID_RANGE,
      cacheDir: path.join(os.tmpdir(), 'skriptoteket-cache'),
    },
    pool: { ...config.pool, slotParent: path.join(workspace.root, 'pool') },
    log: log.child({ component: 'sandbox-host' }),
    observer: poolMetrics(metrics),
    onHostFailure: (error) => background.failed('sandbox-host', error),
    onBackgroundFailure: (job, error) => background.failed(job, error),
  });
  const recorder = new RunRecorder({
    uow: new DrizzleUnitOfWork(database.db, (tx) => ({
      runs: new DrizzleRunRepo(tx),
      sessionFiles: new DrizzleSessionFileRepo(tx),
    })),
    runs: runRepo,
    files: fileStore,
    events,
    tools: runDeps.tools,
    clock,
    metrics: runMetrics,
    timeline,
  });
  const executor = new RunExecutor({
    ...runDeps,
    settings: new DrizzleSettingsRepo(database.db),
    sandbox,
    syntax: new PythonSyntaxChecker({ python: config.python }),
    workspace,
    recorder,
    limits: sandboxLimits(config),
    leaseMs: config.runs.leaseMs,
    failedArtifactBytes: config.runs.failedArtifactBytes,
    metrics: runMetrics,
    timeline,
    log: log.child({ component: 'runs' }),
  });
  const rateCounter = new DrizzleRateCounter(database.db);
  const people = peopleServices(config, database, {
    clock,
    log,
    changes,
    mailer: mail.mailer,
    counter: rateCounter,
    mail: peopleMail,
  });
  const catalogRepo = new DrizzleCatalogRepo(database.db);
  const catalogIndex = new LiveCatalogIndex({
    source: catalogRepo,
    changes,
    log: log.child({ component: 'catalog' }),
  });
  const runs = new RunsService({
    ...runDeps,
    queue,
    uploadLimits: config.uploads,
    maxActiveRunsPerUser: config.runs.maxActivePerUser,
    timeline,
  });
  const bank = bankServices(config, database, runs, clock, log);
  const services: Services = {
    ...bank,
    ...people,
    tools: new ToolsService({ uow, clock }),
    versions: new VersionsService({
      uow,
      clock,
      syntax: new PythonSyntaxChecker({ python: config.python }),
      log: log.child({ component: 'authoring' }),
    }),
    diagnostics: new DiagnosticsService({
      uow,
      diagnoser: new PythonSyntaxChecker({ python: config.python }),
    }),
    audit: new AuditService({
      audit: new DrizzleAuditReadRepo(database.db),
      canSeeTool: async (actor, toolId) => {
        await requireVisibleTool(authoringRepos(database.db), actor, toolId);
      },
    }),
    catalog: new CatalogService({
      catalog: catalogRepo,
      search: catalogIndex,
      favorites: new CachedFavoriteIds({ repo: catalogRepo, changes }),
      clock,
      uploadLimits: config.uploads,
    }),
    runs,
    settings: new SettingsService({
      settings: new DrizzleSettingsRepo(database.db),
      tools: runDeps.tools,
      clock,
    }),
    testRuns: new TestRunsService({
      ...runDeps,
      queue,
      syntax: new PythonSyntaxChecker({ python: config.python }),
      access: authoringTestRunAccess(database.db),
      uploadLimits: config.uploads,
    }),
  };

  let worker: RunWorker | null = null;
  const reap = async () => {
    for (const runId of await runRepo.failExpiredLeases(clock.now())) {
      log.warn({ runId }, 'failed a run whose worker stopped renewing its lease');
      await events.publish({ runId, status: 'failed' });
    }
  };
  return {
    services,
    events,
    metrics,
    timeline,
    sandbox,
    retention,
    log,
    background,
    mailer: mail.mailer,
    rateCounter,
    clock,
    catalogIndex,
    changes,
    async start(startOptions = {}) {
      await events.start();
      const workers = startOptions.workers ?? config.workers;
      if (workers > 0) {
        log.info(
          { runFolder: workspace.root, inMemory: runFolder.inMemory },
          runFolder.inMemory ? 'run folders in memory (/dev/shm)' : 'run folders on disk',
        );
        await workspace.removeAbandoned();
        await wakeup.listen();
        worker = new RunWorker({
          executor,
          wakeup,
          log: log.child({ component: 'worker' }),
          metrics: runMetrics,
          onSlotFailure: (error) => background.failed('worker-slot', error),
          name: startOptions.workerName ?? `${os.hostname()}:${process.pid}`,
          leaseMs: config.runs.leaseMs,
        });
        worker.start(workers);
        queue.attachWorkers(worker);
        sandbox.warm(sandboxLimits(config).production);
      }
      background.every('lease-reaper', Math.max(500, Math.min(5_000, config.runs.leaseMs / 3)), reap);
      background.every('retention', config.retention.intervalMs, async () => {
        const report = await retention.runOnce(clock.now());
        if (Object.values(report).some((count) => count > 0))
          log.info({ ...report }, 'retention removed old data');
      });
    },
    async stop() {
      background.stop();
      queue.attachWorkers(null);
      await worker?.stop(10_000);
      await sandbox.close();
      await events.stop();
      wakeup.close();
      await mail.transport.close?.();
    },
  };
}
