import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { smtpSettingsFrom, type SmtpSettings } from './mail/smtp-settings';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SKRIPTOTEKET_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  SKRIPTOTEKET_ADMIN_EMAIL: z.email().optional(),
  SKRIPTOTEKET_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  SKRIPTOTEKET_PUBLIC_URL: z.url().optional(),
  SKRIPTOTEKET_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  SMTP_URL: z.string().optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: bool.optional(),
  SMTP_STARTTLS: z.enum(['required', 'opportunistic', 'off']).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: bool.optional(),
  SMTP_FROM: z.string().min(3).default('Skriptoteket <no-reply@localhost>'),
  SKRIPTOTEKET_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  SKRIPTOTEKET_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  SKRIPTOTEKET_LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  SKRIPTOTEKET_WEB_DIR: z.string().optional(),
  SKRIPTOTEKET_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .default(12 * 60),
  SKRIPTOTEKET_SESSION_MAX_DAYS: z.coerce.number().int().min(1).default(14),
  SKRIPTOTEKET_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  SKRIPTOTEKET_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  SKRIPTOTEKET_REGISTRATION: z.enum(['off', 'open', 'domains']).default('off'),
  SKRIPTOTEKET_REGISTRATION_DOMAINS: z.string().default(''),
  SKRIPTOTEKET_ACCOUNT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  SKRIPTOTEKET_VERIFY_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  SKRIPTOTEKET_RESET_LINK_HOURS: z.coerce.number().int().min(1).max(72).default(1),
  SKRIPTOTEKET_TRUST_PROXY: bool.default(false),
  SKRIPTOTEKET_PYTHON_PATH: z.string().optional(),
  SKRIPTOTEKET_RUN_FOLDER: z.string().optional(),
  SKRIPTOTEKET_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SKRIPTOTEKET_RUN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  SKRIPTOTEKET_TEST_RUN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SKRIPTOTEKET_RUN_MEMORY_MB: z.coerce.number().int().min(64).max(65536).default(1024),
  SKRIPTOTEKET_RUN_MAX_PROCESSES: z.coerce.number().int().min(8).max(4096).default(256),
  SKRIPTOTEKET_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  SKRIPTOTEKET_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(10),
  SKRIPTOTEKET_RETENTION_RUN_FILES_DAYS: z.coerce.number().int().min(1).default(30),
  SKRIPTOTEKET_RETENTION_SESSION_FILES_HOURS: z.coerce.number().int().min(1).default(24),
  SKRIPTOTEKET_RETENTION_RUNS_DAYS: z.coerce.number().int().min(1).default(365),
  SKRIPTOTEKET_RETENTION_TEST_RUNS_HOURS: z.coerce.number().int().min(1).default(24),
  SKRIPTOTEKET_RETENTION_LOGIN_EVENTS_DAYS: z.coerce.number().int().min(1).default(90),
  SKRIPTOTEKET_RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(1).default(60),
  SKRIPTOTEKET_POOL_SIZE: z.coerce.number().int().min(0).max(32).optional(),
  SKRIPTOTEKET_POOL_TTL_MINUTES: z.coerce.number().min(0.1).max(1440).default(10),
  SKRIPTOTEKET_POOL_PRELOAD: z
    .string()
    .regex(/^[A-Za-z_][\w.]*(,[A-Za-z_][\w.]*)*$|^$/, 'a comma-separated list of Python module names')
    .default('pandas,openpyxl,openpyxl.writer.excel,docx,skriptoteket_toolkit,pdf_helper'),
  SKRIPTOTEKET_RUN_DISK_MB: z.coerce.number().int().min(1).max(65536).default(256),
  SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER: z.coerce.number().int().min(1).max(10000).default(20),
  SKRIPTOTEKET_RUN_EVENT_STREAMS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  SKRIPTOTEKET_FAILED_RUN_ARTIFACT_MB: z.coerce.number().int().min(0).max(65536).default(10),
  SKRIPTOTEKET_UPLOAD_MAX_FILES: z.coerce.number().int().min(1).max(1000).default(20),
  SKRIPTOTEKET_UPLOAD_MAX_FILE_MB: z.coerce.number().int().min(1).max(10240).default(20),
  SKRIPTOTEKET_UPLOAD_MAX_TOTAL_MB: z.coerce.number().int().min(1).max(102400).default(50),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  admin: { email: string | undefined; password: string | undefined };
  publicUrl: string | undefined;
  cookieSecure: boolean;
  python: string;
  /** SMTP when configured (SMTP_URL or SMTP_HOST …), else mails go to `outboxDir` and the log. */
  mail: { smtp: SmtpSettings | null; from: string; outboxDir: string };
  workers: number;
  /** Where a standalone worker serves /metrics (0: no metrics endpoint). */
  workerMetricsPort: number;
  logLevel: string;
  /** `auto`: readable lines when stdout is a terminal, JSON lines otherwise. */
  logFormat: 'auto' | 'json' | 'pretty';
  webDir: string | undefined;
  session: { idleMinutes: number; maxDays: number };
  login: { maxFailures: number; lockoutMinutes: number; ratePerMinute: number };
  /** Self-registration, account links and the per-IP limit of the account routes (see README). */
  accounts: {
    registration: { mode: 'off' | 'open' | 'domains'; domains: string[] };
    ratePerMinute: number;
    links: { baseUrl: string; verifyHours: number; resetHours: number };
    mailsPerAddressPerHour: number;
  };
  trustProxy: boolean;
  /** Extra Python library folders for the tool runtime, bound read-only into the sandbox. */
  metricsToken: string | undefined;
  pythonPath: string[];
  /** Where run folders are made; unset: /dev/shm when it has room, else the OS temp folder (sandbox/run-folder.ts). */
  runFolder: string | undefined;
  runs: {
    productionTimeoutMs: number;
    testTimeoutMs: number;
    memoryBytes: number;
    maxProcesses: number;
    diskBytes: number;
    /** A running run whose worker has not renewed its lease for this long is failed by the reaper. */
    leaseMs: number;
    /** Runs one user may have queued or running at once; more are refused with 429. */
    maxActivePerUser: number;
    /** Run event streams (SSE) one user may hold open in this process; more are refused with 429. */
    eventStreamsPerUser: number;
    /** A run that did not succeed keeps no artifact larger than this (and none when it overflowed the disk). */
    failedArtifactBytes: number;
  };
  /** Pre-started sandboxes (docs/SANDBOX.md, "Warm sandboxes"); size 0 turns the pool off. */
  pool: { size: number; ttlMs: number; preload: string[] };
  uploads: { maxFiles: number; maxFileBytes: number; maxTotalBytes: number };
  retention: {
    runFilesDays: number;
    sessionFilesHours: number;
    runsDays: number;
    testRunsHours: number;
    loginEventsDays: number;
    intervalMs: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment once; the only place that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  let smtp: SmtpSettings | null;
  try {
    smtp = smtpSettingsFrom({
      url: e.SMTP_URL,
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      startTls: e.SMTP_STARTTLS,
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
    });
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
  const domains = e.SKRIPTOTEKET_REGISTRATION_DOMAINS.split(',')
    .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
    .filter(Boolean);
  if (e.SKRIPTOTEKET_REGISTRATION === 'domains' && domains.length === 0)
    throw new ConfigError([
      'SKRIPTOTEKET_REGISTRATION_DOMAINS: list the allowed domains (registration is "domains")',
    ]);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.SKRIPTOTEKET_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    admin: { email: e.SKRIPTOTEKET_ADMIN_EMAIL, password: e.SKRIPTOTEKET_ADMIN_PASSWORD },
    publicUrl: e.SKRIPTOTEKET_PUBLIC_URL,
    cookieSecure: e.SKRIPTOTEKET_PUBLIC_URL?.startsWith('https://') ?? false,
    python: e.SKRIPTOTEKET_PYTHON,
    mail: { smtp, from: e.SMTP_FROM, outboxDir: path.join(path.resolve(e.SKRIPTOTEKET_DATA_DIR), 'outbox') },
    workers: e.SKRIPTOTEKET_WORKERS,
    workerMetricsPort: e.SKRIPTOTEKET_WORKER_METRICS_PORT,
    logLevel: e.SKRIPTOTEKET_LOG_LEVEL,
    logFormat: e.SKRIPTOTEKET_LOG_FORMAT,
    webDir: e.SKRIPTOTEKET_WEB_DIR ? path.resolve(e.SKRIPTOTEKET_WEB_DIR) : undefined,
    session: { idleMinutes: e.SKRIPTOTEKET_SESSION_IDLE_MINUTES, maxDays: e.SKRIPTOTEKET_SESSION_MAX_DAYS },
    login: {
      maxFailures: e.SKRIPTOTEKET_LOGIN_MAX_FAILURES,
      lockoutMinutes: e.SKRIPTOTEKET_LOCKOUT_MINUTES,
      ratePerMinute: e.SKRIPTOTEKET_LOGIN_RATE_PER_MINUTE,
    },
    accounts: {
      registration: { mode: e.SKRIPTOTEKET_REGISTRATION, domains },
      ratePerMinute: e.SKRIPTOTEKET_ACCOUNT_RATE_PER_MINUTE,
      links: {
        baseUrl: (
          e.SKRIPTOTEKET_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? 'localhost' : e.HOST}:${e.PORT}`
        ).replace(/\/+$/, ''),
        verifyHours: e.SKRIPTOTEKET_VERIFY_LINK_HOURS,
        resetHours: e.SKRIPTOTEKET_RESET_LINK_HOURS,
      },
      mailsPerAddressPerHour: 5,
    },
    trustProxy: e.SKRIPTOTEKET_TRUST_PROXY,
    metricsToken: e.SKRIPTOTEKET_METRICS_TOKEN,
    pythonPath: (e.SKRIPTOTEKET_PYTHON_PATH ?? '')
      .split(':')
      .filter(Boolean)
      .map((p) => path.resolve(p)),
    runFolder: e.SKRIPTOTEKET_RUN_FOLDER,
    runs: {
      productionTimeoutMs: e.SKRIPTOTEKET_RUN_TIMEOUT_SECONDS * 1000,
      testTimeoutMs: e.SKRIPTOTEKET_TEST_RUN_TIMEOUT_SECONDS * 1000,
      memoryBytes: e.SKRIPTOTEKET_RUN_MEMORY_MB * 1024 * 1024,
      maxProcesses: e.SKRIPTOTEKET_RUN_MAX_PROCESSES,
      diskBytes: e.SKRIPTOTEKET_RUN_DISK_MB * 1024 * 1024,
      leaseMs: e.SKRIPTOTEKET_LEASE_SECONDS * 1000,
      maxActivePerUser: e.SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER,
      eventStreamsPerUser: e.SKRIPTOTEKET_RUN_EVENT_STREAMS_PER_USER,
      failedArtifactBytes: e.SKRIPTOTEKET_FAILED_RUN_ARTIFACT_MB * 1024 * 1024,
    },
    pool: {
      size: e.SKRIPTOTEKET_POOL_SIZE ?? Math.min(2, os.availableParallelism()),
      ttlMs: e.SKRIPTOTEKET_POOL_TTL_MINUTES * 60_000,
      preload: e.SKRIPTOTEKET_POOL_PRELOAD.split(',').filter(Boolean),
    },
    retention: {
      runFilesDays: e.SKRIPTOTEKET_RETENTION_RUN_FILES_DAYS,
      sessionFilesHours: e.SKRIPTOTEKET_RETENTION_SESSION_FILES_HOURS,
      runsDays: e.SKRIPTOTEKET_RETENTION_RUNS_DAYS,
      testRunsHours: e.SKRIPTOTEKET_RETENTION_TEST_RUNS_HOURS,
      loginEventsDays: e.SKRIPTOTEKET_RETENTION_LOGIN_EVENTS_DAYS,
      intervalMs: e.SKRIPTOTEKET_RETENTION_INTERVAL_MINUTES * 60_000,
    },
    uploads: {
      maxFiles: e.SKRIPTOTEKET_UPLOAD_MAX_FILES,
      maxFileBytes: e.SKRIPTOTEKET_UPLOAD_MAX_FILE_MB * 1_000_000,
      maxTotalBytes: e.SKRIPTOTEKET_UPLOAD_MAX_TOTAL_MB * 1_000_000,
    },
  };
}
