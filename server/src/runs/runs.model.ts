import type { RunErrorCode, RunStatus } from '@skriptoteket/contracts';
import type { KillReason, SandboxResult } from '../sandbox/sandbox.ports';

export type RunKind = 'production' | 'test';

/** Each (tool, user) pair has one session context (TOOL-CONTRACT.md §3, State). */
export const DEFAULT_CONTEXT = 'default';

export interface RunRecord {
  id: string;
  toolId: string;
  versionId: string | null;
  kind: RunKind;
  requestedBy: string;
  status: RunStatus;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  sessionContext: string;
  parentRunId: string | null;
  actionId: string | null;
  inputs: unknown;
  inputFiles: { name: string; bytes: number }[];
  snapshot: RunSnapshot | null;
  uiPayload: unknown;
  errorSummary: string | null;
  errorCode: RunErrorCode | null;
  stdout: string | null;
  stderr: string | null;
  isStdoutTruncated: boolean;
  isStderrTruncated: boolean;
  durationMs: number | null;
  attempt: number;
  workerId: string | null;
  leaseExpiresAt: Date | null;
  filesExpiredAt: Date | null;
}

/** The code a run executes: a published version, or the unsaved editor content of a test run. */
export interface RunSnapshot {
  sourceCode: string;
  entrypoint: string;
  inputSchema: unknown[];
  settingsSchema: unknown[];
  /**
   * Test runs only: the normalized settings values the test run uses, so it never reads or writes anyone's
   * stored settings.
   */
  settings?: Record<string, unknown>;
}

/** The session context of test runs: never a user's (their state lives in the chain of test runs itself). */
export const TEST_CONTEXT = 'test';

/**
 * The state an action of a test run continues from: the state of the test run that offered it. A test run's
 * steps form a chain of runs, each carrying its own result, so no tool session is read or written.
 */
export function testRunStateAfter(parent: Pick<RunRecord, 'uiPayload'>): unknown {
  const state = (parent.uiPayload as { state?: unknown } | null)?.state;
  return state ?? {};
}

/** The next action a finished test run offered under this id, or null. */
export function offeredAction(
  parent: Pick<RunRecord, 'uiPayload' | 'status'>,
  actionId: string,
): { action_id: string; fields: unknown[] } | null {
  if (parent.status !== 'succeeded') return null;
  const offered = (parent.uiPayload as { next_actions?: unknown[] } | null)?.next_actions ?? [];
  const found = offered.find((a) => (a as { action_id?: unknown }).action_id === actionId);
  return (found as { action_id: string; fields: unknown[] } | undefined) ?? null;
}

export interface ArtifactRecord {
  id: string;
  runId: string;
  path: string;
  bytes: number;
  storageKey: string;
  contentType: string;
}

/** A production run of the default session context, queued now; callers fill in inputs, files and step. */
export function newQueuedRun(
  id: string,
  toolId: string,
  versionId: string,
  userId: string,
  now: Date,
): RunRecord {
  return {
    id,
    toolId,
    versionId,
    kind: 'production',
    requestedBy: userId,
    status: 'queued',
    requestedAt: now,
    startedAt: null,
    finishedAt: null,
    sessionContext: DEFAULT_CONTEXT,
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
  };
}

/** The stored, technical error summaries of the tool contract (§2) and of the platform's own failures. */
export const MESSAGES = {
  timedOut: 'Execution timed out.',
  contractViolation: 'Execution failed (runner contract violation).',
  artifactViolation: 'Execution failed (artifact extraction violation).',
  workerLost: 'Execution failed (the worker running it stopped).',
  platformError: 'Execution failed (internal platform error).',
  cancelled: 'Execution cancelled.',
} as const;

const KILLS: Record<Exclude<KillReason, null>, { code: RunErrorCode; summary: string }> = {
  memory: { code: 'memory_limit', summary: 'Execution failed (memory limit reached).' },
  processes: { code: 'process_limit', summary: 'Execution failed (process limit reached).' },
  cpu: { code: 'cpu_limit', summary: 'Execution failed (CPU time limit reached).' },
  disk: { code: 'disk_limit', summary: 'Execution failed (disk space limit reached).' },
  output: { code: 'output_limit', summary: 'Execution failed (too much output on stdout/stderr).' },
  signal: { code: 'killed', summary: 'Execution failed (the process was killed).' },
};

export interface RunFailure {
  status: RunStatus;
  errorCode: RunErrorCode;
  errorSummary: string;
}

/**
 * The run's status when the sandbox gave no usable result.json (contract §2 status table);
 * null when the result file should decide.
 */
export function statusFromSandbox(result: SandboxResult): RunFailure | null {
  if (result.outcome === 'timed_out')
    return { status: 'timed_out', errorCode: 'timed_out', errorSummary: MESSAGES.timedOut };
  if (result.outcome === 'cancelled')
    return { status: 'cancelled', errorCode: 'cancelled', errorSummary: MESSAGES.cancelled };
  if (result.outcome === 'killed' || result.exitSignal) {
    const reason = result.killReason ?? (looksLikeMemory(result.stderr) ? 'memory' : 'signal');
    return { status: 'failed', errorCode: KILLS[reason].code, errorSummary: KILLS[reason].summary };
  }
  if (result.resultJson === null)
    return { status: 'failed', errorCode: 'contract_violation', errorSummary: MESSAGES.contractViolation };
  return null;
}

/** A failed result.json: the harness's "Tool execution failed (X)." for a crash, else the ToolUserError text. */
export function errorCodeOfToolFailure(errorSummary: string): RunErrorCode {
  return /^Tool execution failed \([A-Za-z_][\w.]*\)\.$/.test(errorSummary) ? 'tool_crashed' : 'tool_error';
}

function looksLikeMemory(stderr: string): boolean {
  return /MemoryError|Cannot allocate memory|std::bad_alloc/.test(stderr.slice(-4000));
}

/**
 * What a finished run does to the tool session (contract §3 "State"): an action run always replaces the state;
 * a first run replaces it only when it offers next actions. Either way, its next actions become the ones that
 * may be submitted now. Failed runs leave the session alone.
 */
/** Artifacts in byte order of their paths (as stored ones are listed). */
export function byPath<T extends { path: string }>(artifacts: readonly T[]): T[] {
  return [...artifacts].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

export function sessionUpdateAfter(
  run: Pick<RunRecord, 'actionId'>,
  status: RunStatus,
  payload: { next_actions: unknown[]; state: Record<string, unknown> | null },
): { state?: Record<string, unknown>; offeredActions: unknown[] } | null {
  if (status !== 'succeeded') return null;
  const replacesState = run.actionId !== null || payload.next_actions.length > 0;
  return {
    ...(replacesState ? { state: payload.state ?? {} } : {}),
    offeredActions: payload.next_actions,
  };
}

/**
 * Which output files a finished run keeps as artifacts. A run that succeeded keeps all (the sandbox's disk
 * limit bounds them). One that did not keeps only files up to `failedCapBytes`, so a tool stopped half-way
 * through writing a huge file leaves no huge partial file behind; one stopped for filling the disk keeps none.
 */
export function keptOutputs<T extends { bytes: number }>(
  files: readonly T[],
  outcome: { status: RunStatus; errorCode: RunErrorCode | null },
  failedCapBytes: number,
): T[] {
  if (outcome.status === 'succeeded') return [...files];
  if (outcome.errorCode === 'disk_limit') return [];
  return files.filter((file) => file.bytes <= failedCapBytes);
}
