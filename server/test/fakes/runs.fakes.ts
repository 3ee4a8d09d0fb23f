import type { RunExecutorDeps } from '../../src/jobs/run-executor';
import { RunRecorder, type RunStores } from '../../src/jobs/run-recorder';
import type { RunMetricsPort } from '../../src/jobs/run-metrics';
import type { RunRecord } from '../../src/runs/runs.model';
import type { RunOutcome } from '../../src/runs/runs.ports';
import type { SandboxJob, SandboxResult } from '../../src/sandbox/sandbox.ports';
import { ManualClock, type Logger } from '../../src/shared/ports';
import {
  InMemoryFileStore,
  InMemoryRunEvents,
  InMemoryRunRepo,
  InMemorySessionFileRepo,
  InMemorySettingsRepo,
  InMemoryToolSessionRepo,
  InMemoryToolSource,
} from './run-stores.fakes';
import { FakeSandbox, FakeWorkspace, validSyntax } from './sandbox.fakes';

/** The run executor's and worker's world in memory (unit tests only): metrics, a logger, the assembled deps. */

export class RecordingMetrics implements RunMetricsPort {
  readonly finished: string[] = [];
  readonly platformFailures: string[] = [];
  started() {}
  finishedRun(status: string) {
    this.finished.push(status);
  }
  platformFailure(stage: string) {
    this.platformFailures.push(stage);
  }
}

export interface LogLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/** Keeps every line, with the bindings of the child logger it came through. */
export class RecordingLogger implements Logger {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}
  private add(level: string, fields: Record<string, unknown>, message: string) {
    this.lines.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
  debug(fields: Record<string, unknown>, message: string) {
    this.add('debug', fields, message);
  }
  info(fields: Record<string, unknown>, message: string) {
    this.add('info', fields, message);
  }
  warn(fields: Record<string, unknown>, message: string) {
    this.add('warn', fields, message);
  }
  error(fields: Record<string, unknown>, message: string) {
    this.add('error', fields, message);
  }
  fatal(fields: Record<string, unknown>, message: string) {
    this.add('fatal', fields, message);
  }
  child(bindings: Record<string, unknown>) {
    return new RecordingLogger(this.lines, { ...this.bindings, ...bindings });
  }
}

/** The executor's world in memory: repos, stores, a sandbox the test scripts, and a unit of work that can fail. */
export function executorWorld(answer: (job: SandboxJob) => Promise<SandboxResult>) {
  const clock = new ManualClock();
  const sessions = new InMemoryToolSessionRepo();
  const runs = new InMemoryRunRepo(sessions);
  const sessionFiles = new InMemorySessionFileRepo();
  const files = new InMemoryFileStore();
  const events = new InMemoryRunEvents();
  const tools = new InMemoryToolSource();
  const metrics = new RecordingMetrics();
  const log = new RecordingLogger();
  const workspace = new FakeWorkspace();
  const sandbox = new FakeSandbox(answer);
  const stores: RunStores = { runs, sessionFiles };
  const limits = {
    wallMs: 1000,
    memoryBytes: 1 << 30,
    maxProcesses: 64,
    cpuSeconds: 2,
    diskBytes: 1 << 20,
    captureBytes: 1000,
  };
  const recorder = new RunRecorder({
    uow: { run: async (fn) => fn(stores) },
    runs,
    files,
    events,
    tools,
    clock,
    metrics,
    retryDelaysMs: [1, 1, 1],
  });
  const deps: RunExecutorDeps = {
    runs,
    sessions,
    settings: new InMemorySettingsRepo(),
    tools,
    files,
    events,
    sandbox,
    syntax: validSyntax,
    workspace,
    recorder,
    clock,
    limits: { production: { ...limits }, test: { ...limits } },
    leaseMs: 900,
    failedArtifactBytes: 1000,
    metrics,
    log,
  };
  return {
    deps,
    runs,
    sessions,
    sessionFiles,
    files,
    events,
    tools,
    metrics,
    log,
    workspace,
    sandbox,
    clock,
  };
}

let counter = 0;

/** A successful outcome of a run finished now, for RunRepo.finish. */
export function succeededOutcome(fields: Partial<RunOutcome> = {}): RunOutcome {
  return {
    status: 'succeeded',
    finishedAt: new Date(),
    uiPayload: {},
    errorSummary: null,
    errorCode: null,
    stdout: '',
    stderr: '',
    isStdoutTruncated: false,
    isStderrTruncated: false,
    durationMs: 1,
    ...fields,
  };
}

/** A queued production run of version `v1` (its snapshot must be put into the tool source). */
export function queuedRun(fields: Partial<RunRecord> = {}): RunRecord {
  counter += 1;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    toolId: 'tool-1',
    versionId: 'v1',
    kind: 'production',
    requestedBy: 'user-1',
    status: 'queued',
    requestedAt: new Date('2026-01-15T07:59:00Z'),
    startedAt: null,
    finishedAt: null,
    sessionContext: 'default',
    parentRunId: null,
    actionId: null,
    inputs: {},
    inputFiles: [],
    snapshot: null,
    uiPayload: null,
    errorSummary: null,
    errorCode: null,
    stdout: null,
    stderr: null,
    isStdoutTruncated: false,
    isStderrTruncated: false,
    durationMs: null,
    attempt: 0,
    workerId: null,
    leaseExpiresAt: null,
    filesExpiredAt: null,
    ...fields,
  };
}
