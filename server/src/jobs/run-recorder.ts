import type { RunErrorCode, RunStatus } from '@skriptoteket/contracts';
import { byPath, sessionUpdateAfter, type ArtifactRecord, type RunRecord } from '../runs/runs.model';
import type {
  FileStore,
  RunEvents,
  RunRepo,
  SessionFileRecord,
  SessionFileRepo,
  SessionKey,
  ToolSource,
} from '../runs/runs.ports';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { storageKeys } from '../storage/keys';
import type { RunMetricsPort } from './run-metrics';
import type { RunTimelinePort } from './run-timeline';

export const EMPTY_PAYLOAD = { contract_version: 2, outputs: [], next_actions: [], state: null };

/** What an execution produced, ready to be stored. */
export interface FinishedRun {
  status: RunStatus;
  errorCode: RunErrorCode | null;
  errorSummary: string | null;
  payload: unknown;
  artifacts?: ArtifactRecord[];
  stdout?: string;
  stderr?: string;
  isStdoutTruncated?: boolean;
  isStderrTruncated?: boolean;
  durationMs?: number;
}

/** The repositories a run's result is stored through, in one transaction. */
export interface RunStores {
  runs: RunRepo;
  sessionFiles: SessionFileRepo;
}

export interface RunRecorderDeps {
  uow: UnitOfWork<RunStores>;
  runs: RunRepo;
  files: FileStore;
  events: RunEvents;
  tools: ToolSource;
  clock: Clock;
  metrics: RunMetricsPort;
  timeline?: RunTimelinePort;
  /** Waits between attempts to store a result while the database is away (then the lease reaper decides). */
  retryDelaysMs?: number[];
}

const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * Stores a finished run: the outcome, its artifacts, the tool session (state, offered actions) and the files kept
 * for later steps, in one transaction that only the attempt owning the run may commit (fencing). A database that
 * is restarting is waited for; a run this attempt no longer owns (cancelled, reaped) keeps the other outcome and
 * this attempt's files are removed.
 */
export class RunRecorder {
  private readonly retryDelaysMs: number[];

  constructor(private readonly deps: RunRecorderDeps) {
    this.retryDelaysMs = deps.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** Never throws; returns whether this attempt's outcome was stored. */
  async record(run: RunRecord, finished: FinishedRun, log: Logger): Promise<boolean> {
    const { events, metrics } = this.deps;
    const now = this.deps.clock.now();
    const session: SessionKey = { toolId: run.toolId, userId: run.requestedBy, context: run.sessionContext };
    // A test run keeps its state and files in its own row and folder: no tool session is touched.
    const isTest = run.kind === 'test';
    const keepsFiles =
      !isTest && finished.status === 'succeeded' && run.actionId === null && run.inputFiles.length > 0;
    const update = isTest ? null : sessionUpdateAfter(run, finished.status, finished.payload as never);
    const sessionUpdate = update ? { key: session, ...update, offeringRunId: run.id } : null;
    const finish = (runs: RunRepo) =>
      runs.finish(run.id, run.attempt, outcomeOf(finished, now), finished.artifacts ?? [], sessionUpdate);
    let stored: { run: RunRecord; stateRev: number | null; replaced: SessionFileRecord[] } | null;
    try {
      const kept = keepsFiles ? await this.copySessionFiles(run, session) : [];
      stored = await this.retrying(log, async () => {
        // One statement; a first run whose uploads are kept for its next steps also replaces the session's
        // files, in the same transaction.
        if (!keepsFiles) {
          const done = await finish(this.deps.runs);
          return done && { ...done, replaced: [] };
        }
        return this.deps.uow.run(async (repos) => {
          const done = await finish(repos.runs);
          return done && { ...done, replaced: await repos.sessionFiles.replace(session, kept, now) };
        });
      });
    } catch (error) {
      log.error({ err: error }, 'could not store the result of a run; the lease reaper will fail it');
      metrics.platformFailure('record');
      return false;
    }
    if (!stored) {
      await this.removeOrphans(run, log);
      return false;
    }
    this.deps.timeline?.mark(run.id, 'stored');
    await this.removeFiles(
      stored.replaced.map((file) => file.storageKey),
      log,
    );
    // With the stored run, a stream in this process shows the final state without reading it back (when the
    // session's revision is known: it is, whenever the run changed the session).
    const final =
      stored.stateRev === null
        ? undefined
        : { run: stored.run, artifacts: byPath(finished.artifacts ?? []), stateRev: stored.stateRev };
    await events.publish({ runId: run.id, status: finished.status, ...(final ? { final } : {}) });
    const slug = await this.deps.tools.slugOf(run.toolId).catch(() => null);
    const seconds = (now.getTime() - (run.startedAt ?? now).getTime()) / 1000;
    // Test runs are not the tool's runs: counted apart so the tool's series show only what users ran.
    metrics.finishedRun(finished.status, isTest ? '(test run)' : (slug ?? 'unknown'), seconds);
    log.info({ status: finished.status, errorCode: finished.errorCode, seconds }, 'run finished');
    return true;
  }

  /** A first run's uploads, kept for its next steps under a folder of this run (never over another run's). */
  private async copySessionFiles(run: RunRecord, session: SessionKey): Promise<SessionFileRecord[]> {
    const kept: SessionFileRecord[] = [];
    for (const file of run.inputFiles) {
      const storageKey = storageKeys.sessionFile(session, run.id, file.name);
      await this.deps.files.copy(storageKeys.runInput(run.id, file.name), storageKey);
      kept.push({ name: file.name, bytes: file.bytes, storageKey });
    }
    return kept;
  }

  private async retrying<T>(log: Logger, work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const delay = this.retryDelaysMs[attempt];
        if (delay === undefined) throw error;
        log.warn({ err: error, retryInMs: delay }, 'storing a run result failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * This attempt lost the run. Its artifacts are removed unless the stored run lists them — which happens when
   * the commit went through but its acknowledgement was lost, and a retry then found the run already finished.
   */
  private async removeOrphans(run: RunRecord, log: Logger): Promise<void> {
    try {
      const stored = await this.deps.runs.listArtifacts(run.id);
      if (stored.length === 0) await this.deps.files.removePrefix(storageKeys.runOutputs(run.id));
      const session = { toolId: run.toolId, userId: run.requestedBy, context: run.sessionContext };
      await this.deps.files.removePrefix(storageKeys.sessionFiles(session, run.id));
    } catch (error) {
      log.warn({ err: error }, 'could not remove the files of a run this worker no longer owned');
    }
  }

  private async removeFiles(keys: string[], log: Logger): Promise<void> {
    for (const key of keys) {
      await this.deps.files.removePrefix(key).catch((error: unknown) => {
        log.warn({ err: error, key }, 'could not remove a replaced session file');
      });
    }
  }
}

function outcomeOf(finished: FinishedRun, now: Date) {
  return {
    status: finished.status,
    finishedAt: now,
    uiPayload: finished.payload,
    errorCode: finished.errorCode,
    errorSummary: finished.errorSummary,
    stdout: finished.stdout ?? '',
    stderr: finished.stderr ?? '',
    isStdoutTruncated: finished.isStdoutTruncated ?? false,
    isStderrTruncated: finished.isStderrTruncated ?? false,
    durationMs: finished.durationMs ?? 0,
  };
}
