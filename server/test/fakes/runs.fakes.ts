import { Readable } from 'node:stream';
import type { RunExecutorDeps } from '../../src/jobs/run-executor';
import { RunRecorder, type RunStores } from '../../src/jobs/run-recorder';
import type { RunMetricsPort } from '../../src/jobs/run-metrics';
import type { ArtifactRecord, RunRecord, RunSnapshot } from '../../src/runs/runs.model';
import type {
  FileStore,
  RunEvent,
  RunEvents,
  RunOutcome,
  RunRepo,
  SessionFileRecord,
  SessionFileRepo,
  SessionKey,
  SettingsRepo,
  ToolSessionRecord,
  ToolSessionRepo,
  ToolSource,
} from '../../src/runs/runs.ports';
import type {
  OutputListing,
  PreparedRunDir,
  RunDirSpec,
  RunWorkspace,
  Sandbox,
  SandboxJob,
  SandboxResult,
  SyntaxChecker,
} from '../../src/sandbox/sandbox.ports';
import { ManualClock, type Logger } from '../../src/shared/ports';

/** In-memory stand-ins for the ports of the run executor, recorder and worker (unit tests only). */

export class InMemoryRunRepo implements RunRepo {
  readonly rows = new Map<string, RunRecord>();
  readonly artifacts: ArtifactRecord[] = [];
  /** Set to make the next calls of a method throw, as a database that went away would. */
  failing = new Set<keyof RunRepo>();

  private check(method: keyof RunRepo): void {
    if (this.failing.has(method)) throw new Error(`database unavailable (${method})`);
  }
  async insert(run: RunRecord) {
    this.rows.set(run.id, structuredClone(run));
  }
  async findById(id: string) {
    return structuredClone(this.rows.get(id) ?? null);
  }
  async listByUser() {
    return [];
  }
  async claimNext(workerId: string, now: Date, leaseUntil: Date) {
    this.check('claimNext');
    const next = [...this.rows.values()]
      .filter((r) => r.status === 'queued')
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())[0];
    if (!next) return null;
    Object.assign(next, {
      status: 'running',
      startedAt: now,
      workerId,
      attempt: next.attempt + 1,
      leaseExpiresAt: leaseUntil,
    });
    return structuredClone(next);
  }
  async renewLease(id: string, attempt: number, leaseUntil: Date) {
    this.check('renewLease');
    const run = this.rows.get(id);
    if (!run || run.attempt !== attempt || run.status !== 'running') return false;
    run.leaseExpiresAt = leaseUntil;
    return true;
  }
  async countActiveByUser(userId: string) {
    return [...this.rows.values()].filter(
      (r) => r.requestedBy === userId && (r.status === 'queued' || r.status === 'running'),
    ).length;
  }

  async countQueued() {
    return [...this.rows.values()].filter((r) => r.status === 'queued').length;
  }
  async finish(id: string, attempt: number, outcome: RunOutcome, artifacts: ArtifactRecord[]) {
    this.check('finish');
    const run = this.rows.get(id);
    if (!run || run.attempt !== attempt || run.status !== 'running') return false;
    Object.assign(run, { ...outcome, uiPayload: outcome.uiPayload, leaseExpiresAt: null });
    this.artifacts.push(...artifacts);
    return true;
  }
  async cancel(id: string, now: Date) {
    const run = this.rows.get(id);
    if (!run || !['queued', 'running'].includes(run.status)) return null;
    const previous = run.status;
    Object.assign(run, { status: 'cancelled', finishedAt: now, errorCode: 'cancelled' });
    return previous;
  }
  async failExpiredLeases() {
    return [];
  }
  async listArtifacts(runId: string) {
    return this.artifacts.filter((a) => a.runId === runId);
  }
}

const sessionId = (key: SessionKey) => `${key.toolId}/${key.userId}/${key.context}`;

export class InMemoryToolSessionRepo implements ToolSessionRepo {
  readonly rows = new Map<string, ToolSessionRecord>();
  async find(key: SessionKey) {
    return structuredClone(this.rows.get(sessionId(key)) ?? null);
  }
  async record(
    key: SessionKey,
    update: { state?: Record<string, unknown>; offeringRunId: string; offeredActions: unknown[] },
  ) {
    const current = this.rows.get(sessionId(key)) ?? {
      state: {},
      stateRev: 0,
      offeringRunId: null,
      offeredActions: [],
    };
    const next = {
      state: update.state ?? current.state,
      stateRev: current.stateRev + (update.state ? 1 : 0),
      offeringRunId: update.offeringRunId,
      offeredActions: update.offeredActions,
    };
    this.rows.set(sessionId(key), next);
    return next.stateRev;
  }
}

export class InMemorySessionFileRepo implements SessionFileRepo {
  readonly rows = new Map<string, SessionFileRecord[]>();
  async list(key: SessionKey) {
    return [...(this.rows.get(sessionId(key)) ?? [])];
  }
  async replace(key: SessionKey, files: SessionFileRecord[], _now?: Date) {
    const previous = this.rows.get(sessionId(key)) ?? [];
    this.rows.set(sessionId(key), [...files]);
    return previous;
  }
  async touch() {}
}

export class InMemorySettingsRepo implements SettingsRepo {
  async find() {
    return null;
  }
  async save() {}
}

export class InMemoryToolSource implements ToolSource {
  readonly snapshots = new Map<string, RunSnapshot>();
  async findRunnable() {
    return null;
  }
  async findRunnableById() {
    return null;
  }
  async findVersionSnapshot(versionId: string) {
    return this.snapshots.get(versionId) ?? null;
  }
  async slugOf() {
    return 'verktyget';
  }
}

export class InMemoryFileStore implements FileStore {
  readonly files = new Map<string, Buffer>();
  failing = new Set<string>();
  async putFromPath(key: string) {
    if (this.failing.has('put')) throw new Error('disk full');
    this.files.set(key, Buffer.from(`copy of ${key}`));
    return 1;
  }
  async put(key: string, content: Uint8Array) {
    if (this.failing.has('put')) throw new Error('disk full');
    this.files.set(key, Buffer.from(content));
  }
  async copy(fromKey: string, toKey: string) {
    const data = this.files.get(fromKey);
    if (!data) throw new Error(`no such file: ${fromKey}`);
    this.files.set(toKey, data);
  }
  async copyToPath(key: string) {
    if (!this.files.has(key)) throw new Error(`no such file: ${key}`);
  }
  async openRead(key: string) {
    const data = this.files.get(key);
    return data ? Readable.from(data) : null;
  }
  async removePrefix(prefix: string) {
    for (const key of [...this.files.keys()])
      if (key === prefix || key.startsWith(`${prefix}/`)) this.files.delete(key);
  }
}

export class InMemoryRunEvents implements RunEvents {
  readonly published: RunEvent[] = [];
  private readonly listeners = new Map<string, Set<(event: RunEvent) => void>>();
  async publish(event: RunEvent) {
    this.published.push(event);
    for (const listener of this.listeners.get(event.runId) ?? []) listener(event);
  }
  subscribe(runId: string, listener: (event: RunEvent) => void) {
    const set = this.listeners.get(runId) ?? new Set();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => set.delete(listener);
  }
}

/** A sandbox that answers what the test says, and records the jobs it was given. */
export class FakeSandbox implements Sandbox {
  readonly jobs: SandboxJob[] = [];
  constructor(public answer: (job: SandboxJob) => Promise<SandboxResult>) {}
  run(job: SandboxJob) {
    this.jobs.push(job);
    return this.answer(job);
  }
  async selfCheck() {}
}

export function sandboxResult(resultJson: string | null, fields: Partial<SandboxResult> = {}): SandboxResult {
  return {
    outcome: 'exited',
    killReason: null,
    exitCode: 0,
    exitSignal: null,
    stdout: '',
    stderr: '',
    isStdoutTruncated: false,
    isStderrTruncated: false,
    resultJson,
    durationMs: 5,
    ...fields,
  };
}

export const validSyntax: SyntaxChecker = {
  check: async () => ({ isValid: true, errorSummary: null, error: null }),
};

export class FakeWorkspace implements RunWorkspace {
  readonly prepared: RunDirSpec[] = [];
  cleaned = 0;
  output: OutputListing = { files: [] };
  async prepare(spec: RunDirSpec): Promise<PreparedRunDir> {
    for (const file of spec.files) if ('copyTo' in file) await file.copyTo(`/fake/input/${file.name}`);
    this.prepared.push(spec);
    return { runDir: '/fake/run', cleanup: async () => void (this.cleaned += 1) };
  }
  async listOutput() {
    return this.output;
  }
}

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
  const runs = new InMemoryRunRepo();
  const sessions = new InMemoryToolSessionRepo();
  const sessionFiles = new InMemorySessionFileRepo();
  const files = new InMemoryFileStore();
  const events = new InMemoryRunEvents();
  const tools = new InMemoryToolSource();
  const metrics = new RecordingMetrics();
  const log = new RecordingLogger();
  const workspace = new FakeWorkspace();
  const sandbox = new FakeSandbox(answer);
  /** How many times the next transactions fail before one goes through. */
  const uowFailures = { remaining: 0 };
  const stores: RunStores = { runs, sessions, sessionFiles };
  const recorder = new RunRecorder({
    uow: {
      run: async (fn) => {
        if (uowFailures.remaining > 0) {
          uowFailures.remaining -= 1;
          throw new Error('connection terminated');
        }
        return fn(stores);
      },
    },
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
    limits: {
      production: {
        wallMs: 1000,
        memoryBytes: 1 << 30,
        maxProcesses: 64,
        cpuSeconds: 2,
        diskBytes: 1 << 20,
        captureBytes: 1000,
      },
      test: {
        wallMs: 1000,
        memoryBytes: 1 << 30,
        maxProcesses: 64,
        cpuSeconds: 2,
        diskBytes: 1 << 20,
        captureBytes: 1000,
      },
    },
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
    uowFailures,
    clock,
  };
}

let counter = 0;

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
