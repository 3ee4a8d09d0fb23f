import { createHash } from 'node:crypto';
import type {
  RunWorkspace,
  Sandbox,
  SandboxLimits,
  SandboxResult,
  SyntaxChecker,
  SyntaxCheckResult,
} from '../sandbox/sandbox.ports';
import { normalizeSettings } from '../tool-contract/input-normalizer';
import { parseJsonExact } from '@skriptoteket/contracts/json-exact';
import { normalizeResult } from '../tool-contract/result-normalizer';
import { runEnvironment } from '../tool-contract/run-environment';
import { schemaHash } from '../tool-contract/schema-hash';
import { contentTypeFor } from '@skriptoteket/contracts';
import {
  errorCodeOfToolFailure,
  keptOutputs,
  MESSAGES,
  statusFromSandbox,
  testRunStateAfter,
  type ArtifactRecord,
  type RunKind,
  type RunRecord,
  type RunSnapshot,
} from '../runs/runs.model';
import type {
  ClaimedRun,
  FileStore,
  RunEvents,
  RunRepo,
  SettingsRepo,
  ToolSessionRepo,
  ToolSource,
} from '../runs/runs.ports';
import type { Clock, Logger } from '../shared/ports';
import { newId } from '../shared/tokens';
import { storageKeys } from '../storage/keys';
import { EMPTY_PAYLOAD, type FinishedRun, type RunRecorder } from './run-recorder';
import type { RunMetricsPort } from './run-metrics';
import type { RunTimelinePort } from './run-timeline';

export interface RunExecutorDeps {
  runs: RunRepo;
  sessions: ToolSessionRepo;
  settings: SettingsRepo;
  tools: ToolSource;
  files: FileStore;
  events: RunEvents;
  sandbox: Sandbox;
  syntax: SyntaxChecker;
  workspace: RunWorkspace;
  recorder: RunRecorder;
  clock: Clock;
  limits: Record<RunKind, SandboxLimits>;
  /** A claimed run's lease lasts this long unless renewed; the worker renews it every third of it. */
  leaseMs: number;
  /** A run that did not succeed keeps no artifact larger than this (none when it filled the disk). */
  failedArtifactBytes: number;
  metrics: RunMetricsPort;
  /** Where the run's time goes (optional: tests leave it out). */
  timeline?: RunTimelinePort;
  log: Logger;
}

/** The worker side of a run, from claiming it in the queue to its stored result. */
export class RunExecutor {
  /** Syntax verdicts by source hash: a published version is compiled once per worker, not once per run. */
  private readonly syntaxVerdicts = new Map<string, SyntaxCheckResult>();

  constructor(private readonly deps: RunExecutorDeps) {}

  /** Claims the oldest queued run and executes it; false when none is waiting. Throws only when claiming fails. */
  async executeNext(workerId: string, shutdown?: AbortSignal): Promise<boolean> {
    const now = this.deps.clock.now();
    const claimed = await this.deps.runs.claimNext(
      workerId,
      now,
      new Date(now.getTime() + this.deps.leaseMs),
    );
    if (!claimed) return false;
    this.deps.timeline?.mark(claimed.run.id, 'claimed');
    await this.execute(claimed, shutdown);
    return true;
  }

  /** Runs a run that was stored already claimed by this worker (handed over at its submit). Never throws. */
  async executeClaimed(claimed: ClaimedRun, shutdown?: AbortSignal): Promise<void> {
    this.deps.timeline?.mark(claimed.run.id, 'claimed');
    await this.execute(claimed, shutdown);
  }

  /**
   * Never throws. Whatever fails inside the platform (storage, the database, the sandbox launcher) fails the run
   * with a message that says it was not the tool's fault, and is logged with its cause and counted.
   */
  private async execute(claimed: ClaimedRun, shutdown?: AbortSignal): Promise<void> {
    const { run } = claimed;
    const { events, metrics } = this.deps;
    const log = this.deps.log.child({
      runId: run.id,
      toolId: run.toolId,
      kind: run.kind,
      attempt: run.attempt,
    });
    metrics.started(run.requestedAt, run.startedAt ?? this.deps.clock.now());
    // Delivered in this process at once; the run does not wait for other processes to be told (never throws).
    const announced = events.publish({ runId: run.id, status: 'running', claimed });
    const abort = new AbortController();
    const unsubscribe = events.subscribe(run.id, (event) => {
      if (event.status === 'cancelled') abort.abort();
    });
    const onShutdown = () => abort.abort();
    shutdown?.addEventListener('abort', onShutdown);
    const stopHeartbeat = this.keepLease(run, abort, log);
    let finished: FinishedRun;
    try {
      finished = await this.runInSandbox(run, abort.signal, log);
    } catch (error) {
      log.error({ err: error }, 'run failed inside the platform');
      metrics.platformFailure('execute');
      finished = {
        status: 'failed',
        errorCode: 'platform_error',
        errorSummary: MESSAGES.platformError,
        payload: EMPTY_PAYLOAD,
      };
    } finally {
      stopHeartbeat();
      unsubscribe();
      shutdown?.removeEventListener('abort', onShutdown);
    }
    await announced;
    await this.deps.recorder.record(run, finished, log);
  }

  /**
   * Renews the lease while the run runs, so a worker that dies is noticed within one lease, not after the wall
   * limit. A renewal that finds the run no longer ours (cancelled, or reaped while the database was away) stops
   * the sandbox; one that fails (database restarting) is retried at the next beat.
   */
  private keepLease(run: RunRecord, abort: AbortController, log: Logger): () => void {
    const { runs, clock, leaseMs } = this.deps;
    const beat = async () => {
      const isOwner = await runs.renewLease(run.id, run.attempt, new Date(clock.now().getTime() + leaseMs));
      if (!isOwner) abort.abort();
    };
    const timer = setInterval(
      () => {
        beat().catch((error: unknown) => log.warn({ err: error }, 'could not renew the run lease'));
      },
      Math.max(250, Math.floor(leaseMs / 3)),
    );
    return () => clearInterval(timer);
  }

  private async runInSandbox(run: RunRecord, signal: AbortSignal, log: Logger): Promise<FinishedRun> {
    const { tools, files, sandbox, workspace } = this.deps;
    const snapshot = run.snapshot ?? (run.versionId ? await tools.findVersionSnapshot(run.versionId) : null);
    if (!snapshot) throw new Error(`run ${run.id} has no code to run`);
    const check = await this.checkSyntax(snapshot.sourceCode);
    if (!check.isValid) {
      return {
        status: 'failed',
        errorCode: 'syntax_error',
        errorSummary: check.errorSummary,
        payload: EMPTY_PAYLOAD,
      };
    }
    const staged = await workspace.prepare({
      sourceCode: snapshot.sourceCode,
      memory: { settings: await this.settingsFor(run, snapshot) },
      files: run.inputFiles.map((file) => ({
        name: file.name,
        copyTo: (target: string) => files.copyToPath(storageKeys.runInput(run.id, file.name), target),
      })),
    });
    try {
      const env = runEnvironment({
        entrypoint: snapshot.entrypoint,
        inputFiles: run.inputFiles,
        inputs: run.inputs,
        action: run.actionId === null ? null : { actionId: run.actionId, state: await this.stateFor(run) },
      });
      const limits = this.deps.limits[run.kind];
      this.deps.timeline?.mark(run.id, 'staged');
      const result = await sandbox.run({ runDir: staged.runDir, env, limits, signal });
      this.deps.timeline?.mark(run.id, 'sandboxed');
      const listing = await workspace.listOutput(staged.runDir);
      const verdict =
        'violation' in listing
          ? {
              status: 'failed' as const,
              errorCode: 'artifact_violation' as const,
              errorSummary: MESSAGES.artifactViolation,
              payload: EMPTY_PAYLOAD,
            }
          : interpret(run, result);
      const artifacts: ArtifactRecord[] = [];
      const outputs = 'files' in listing ? listing.files : [];
      for (const file of keptOutputs(outputs, verdict, this.deps.failedArtifactBytes)) {
        const storageKey = storageKeys.runOutput(run.id, file.relPath);
        await files.putFromPath(storageKey, file.absPath);
        const contentType = contentTypeFor(file.relPath);
        artifacts.push({
          id: newId(),
          runId: run.id,
          path: `output/${file.relPath}`,
          bytes: file.bytes,
          storageKey,
          contentType,
        });
      }
      if ('violation' in listing) log.info({ violation: listing.violation }, 'run output refused');
      return {
        ...verdict,
        artifacts,
        stdout: result.stdout,
        stderr: result.stderr,
        isStdoutTruncated: result.isStdoutTruncated,
        isStderrTruncated: result.isStderrTruncated,
        durationMs: result.durationMs,
      };
    } finally {
      // Outputs are stored by now: the folder goes while the result is recorded (a process that stops first
      // leaves it to the next start, which removes the folders of processes that are gone).
      void staged.cleanup().catch((error: unknown) => {
        log.warn({ err: error, runDir: staged.runDir }, 'could not remove a run folder');
        this.deps.metrics.platformFailure('cleanup');
      });
    }
  }

  private async checkSyntax(sourceCode: string): Promise<SyntaxCheckResult> {
    const key = createHash('sha256').update(sourceCode).digest('hex');
    const cached = this.syntaxVerdicts.get(key);
    if (cached) return cached;
    const verdict = await this.deps.syntax.check(sourceCode);
    if (this.syntaxVerdicts.size >= 1000)
      this.syntaxVerdicts.delete(this.syntaxVerdicts.keys().next().value!);
    this.syntaxVerdicts.set(key, verdict);
    return verdict;
  }

  private async settingsFor(run: RunRecord, snapshot: RunSnapshot): Promise<Record<string, unknown>> {
    if (snapshot.settingsSchema.length === 0) return {};
    if (run.kind === 'test') return snapshot.settings ?? {};
    const hash = schemaHash(snapshot.settingsSchema);
    const stored = await this.deps.settings.find(run.toolId, run.requestedBy, hash);
    return normalizeSettings(snapshot.settingsSchema, stored ?? {});
  }

  private async stateFor(run: RunRecord): Promise<unknown> {
    if (run.kind === 'test') {
      const parent = run.parentRunId ? await this.deps.runs.findById(run.parentRunId) : null;
      return parent ? testRunStateAfter(parent) : {};
    }
    const key = { toolId: run.toolId, userId: run.requestedBy, context: run.sessionContext };
    return (await this.deps.sessions.find(key))?.state ?? {};
  }
}

/** The run's outcome from what the sandbox reported and, when it says nothing itself, from result.json. */
function interpret(run: RunRecord, result: SandboxResult): FinishedRun {
  const failure = statusFromSandbox(result);
  if (failure) return { ...failure, payload: EMPTY_PAYLOAD };
  let raw: unknown;
  try {
    raw = parseJsonExact(result.resultJson!);
  } catch {
    return {
      status: 'failed',
      errorCode: 'contract_violation',
      errorSummary: MESSAGES.contractViolation,
      payload: EMPTY_PAYLOAD,
    };
  }
  const normalized = normalizeResult(raw, { isActionRun: run.actionId !== null });
  const errorSummary = normalized.errorSummary;
  return {
    status: normalized.status,
    errorCode: errorSummary === null ? null : errorCodeOfToolFailure(errorSummary),
    errorSummary,
    payload: normalized.payload,
  };
}
