import type { RunErrorCode, RunStatus } from '@skriptoteket/contracts';
import type { Readable } from 'node:stream';
import type { Actor } from '../shared/actor';
import type { ArtifactRecord, RunRecord, RunSnapshot } from './runs.model';

export interface RunPage {
  limit: number;
  /** Continue after this run (newest first). */
  after?: { requestedAt: Date; id: string };
  /** Only runs of the tool with this slug. */
  toolSlug?: string;
}

export interface RunRepo {
  /** Stores a new run; the revision of its session's state now (0 before the session has one). */
  insert(run: RunRecord): Promise<{ stateRev: number }>;
  /**
   * Stores a new run only if, in the same statement, its user has fewer than `maxActive` runs queued or running
   * and its tool still runs its version (published, version active); null when either does not hold. With
   * `whenNoneQueued`, also only if no run at all is queued: a run handed straight to an idle worker (stored as
   * running) must not pass runs already waiting their turn.
   */
  insertAdmitted(
    run: RunRecord,
    maxActive: number,
    options?: { whenNoneQueued?: boolean },
  ): Promise<{ stateRev: number } | null>;
  findById(id: string): Promise<RunRecord | null>;
  /** The run and the revision of its session's state now, in one read. */
  findWithStateRev(id: string): Promise<{ run: RunRecord; stateRev: number } | null>;
  listByUser(userId: string, page: RunPage): Promise<(RunRecord & { toolSlug: string; toolTitle: string })[]>;
  /**
   * Takes the oldest queued run for this worker: status running, attempt + 1 (the fencing token) and a lease
   * until `leaseUntil`, in one statement, so two workers can never take the same run. Null when none waits.
   */
  claimNext(workerId: string, now: Date, leaseUntil: Date): Promise<ClaimedRun | null>;
  /** Extends the lease of the attempt a worker runs; false when it no longer owns it (cancelled, reaped). */
  renewLease(id: string, attempt: number, leaseUntil: Date): Promise<boolean>;
  countQueued(): Promise<number>;
  /** The user's runs that are queued or running (the per-user cap counts these). */
  countActiveByUser(userId: string): Promise<number>;
  /**
   * What a new run is checked against as it is queued, in one read: the user's queued and running runs, and the
   * tool's runnable version now (null when it is not published or has no active version).
   */
  queueCheck(userId: string, toolId: string): Promise<{ active: number; runnableVersionId: string | null }>;
  /**
   * Stores the outcome, its artifacts and (when given) the update of the run's tool session, all or nothing, if
   * this attempt still owns the run (fencing). Returns the run as stored and the session's revision after the
   * update (null without one), or null when the attempt lost the run.
   */
  finish(
    id: string,
    attempt: number,
    outcome: RunOutcome,
    artifacts: ArtifactRecord[],
    session: SessionUpdate | null,
  ): Promise<{ run: RunRecord; stateRev: number | null } | null>;
  /** Cancels a queued or running run; returns the status it had, or null when it was already over. */
  cancel(id: string, now: Date): Promise<RunStatus | null>;
  /** Fails running runs whose lease ran out (their worker died or lost the database); returns their ids. */
  failExpiredLeases(now: Date): Promise<string[]>;
  listArtifacts(runId: string): Promise<ArtifactRecord[]>;
}

export interface RunOutcome {
  status: RunStatus;
  finishedAt: Date;
  uiPayload: unknown;
  errorSummary: string | null;
  errorCode: RunErrorCode | null;
  stdout: string;
  stderr: string;
  isStdoutTruncated: boolean;
  isStderrTruncated: boolean;
  durationMs: number;
}

export interface ToolSessionRecord {
  state: Record<string, unknown>;
  stateRev: number;
  offeringRunId: string | null;
  offeredActions: unknown[];
}

export interface SessionKey {
  toolId: string;
  userId: string;
  context: string;
}

export interface ToolSessionRepo {
  find(key: SessionKey): Promise<ToolSessionRecord | null>;
}

/** What a finished run records in its tool session (RunRepo.finish). */
export interface SessionUpdate {
  key: SessionKey;
  /** Replaces the state, raising state_rev; without it the state stays. */
  state?: Record<string, unknown>;
  offeringRunId: string;
  offeredActions: unknown[];
}

export interface SessionFileRecord {
  name: string;
  bytes: number;
  storageKey: string;
}

export interface SessionFileRepo {
  list(key: SessionKey): Promise<SessionFileRecord[]>;
  /** Replaces the kept files; returns the ones that were there before (their stored files are now unused). */
  replace(key: SessionKey, files: SessionFileRecord[], now: Date): Promise<SessionFileRecord[]>;
  touch(key: SessionKey, now: Date): Promise<void>;
}

export interface SettingsRepo {
  find(toolId: string, userId: string, schemaHash: string): Promise<Record<string, unknown> | null>;
  save(
    toolId: string,
    userId: string,
    schemaHash: string,
    values: Record<string, unknown>,
    now: Date,
  ): Promise<void>;
}

export interface RunnableTool {
  toolId: string;
  slug: string;
  title: string;
  versionId: string;
  snapshot: RunSnapshot;
}

export interface ToolSource {
  /** A published tool with an active version, by slug; null for anything a user may not run. */
  findRunnable(slug: string): Promise<RunnableTool | null>;
  findRunnableById(toolId: string): Promise<RunnableTool | null>;
  findVersionSnapshot(versionId: string): Promise<RunSnapshot | null>;
  /** Says that what this source may keep about the tool is out of date (it was found changed). */
  changed(toolId: string): void;
  /** The tool's slug (fixed once a tool has been published, so implementations may cache it). */
  slugOf(toolId: string): Promise<string | null>;
}

/** Files that outlive a sandbox: uploads, session files and artifacts. Keys are relative paths. */
export interface FileStore {
  putFromPath(key: string, sourcePath: string): Promise<number>;
  put(key: string, content: Uint8Array): Promise<void>;
  copy(fromKey: string, toKey: string): Promise<void>;
  copyToPath(key: string, targetPath: string): Promise<void>;
  openRead(key: string): Promise<Readable | null>;
  removePrefix(prefix: string): Promise<void>;
}

export interface RunQueue {
  /** Called after the queued run was stored; wakes a worker. */
  enqueue(runId: string): Promise<void>;
  /** Queue depth for metrics and readiness. */
  depth(): Promise<number>;
  /**
   * An idle worker slot of this process, kept from looking at the queue until the run is given to it or the slot
   * released; null when none is idle (or this process runs no workers).
   */
  reserveSlot(): SlotReservation | null;
}

/** A worker slot held for one run that is about to be stored as already claimed by it. */
export interface SlotReservation {
  workerId: string;
  /** Until when the run's first lease holds, if it starts now. */
  leaseUntil(now: Date): Date;
  /** The run, stored as running with this slot's id and attempt 1: the slot runs it. */
  give(claimed: ClaimedRun): void;
  /** The run went into the queue instead (or nowhere): the slot goes back to work. */
  release(): void;
}

export type RunEvent = {
  runId: string;
  status: RunStatus;
  /**
   * In this process only (never sent to others): the run as its worker just stored it, so that a stream in this
   * process can show the final state without reading it back.
   */
  final?: FinalRun;
  /** In this process only, with status 'running': the run as its worker just claimed it. */
  claimed?: ClaimedRun;
};

/** A run as a worker claimed it, with its tool session's state revision at that moment. */
export interface ClaimedRun {
  run: RunRecord;
  stateRev: number;
}

/** A run as stored with its outcome, its artifacts and the tool session's state revision after it. */
export interface FinalRun {
  run: RunRecord;
  artifacts: ArtifactRecord[];
  stateRev: number;
}

export interface RunEvents {
  publish(event: RunEvent): Promise<void>;
  /**
   * A run still waiting or running as this process last saw it whole (queued here, or claimed by a worker here),
   * while no change of it has come since (finished, cancelled, reaped, or changed by another process), and for a
   * short while only; undefined otherwise: read the database.
   */
  latest(runId: string): ClaimedRun | undefined;
  /**
   * A run this process has just stored, queued or handed to a worker here (kept unless something newer of it is
   * known already).
   */
  noteQueued(queued: ClaimedRun): void;
  subscribe(runId: string, listener: (event: RunEvent) => void): () => void;
}

/** Who may test-run a tool's code: its maintainers and admins. Anyone else gets NOT_FOUND (existence hidden). */
export interface TestRunAccess {
  /** Throws NOT_FOUND when the actor may not test-run the tool. */
  requireTestable(actor: Actor, toolId: string): Promise<void>;
  /** A saved version's content and its tool, when the actor may test-run that tool; else NOT_FOUND. */
  versionToTest(actor: Actor, versionId: string): Promise<{ toolId: string; snapshot: RunSnapshot }>;
}
