import type { KillReason, SandboxResult } from '../sandbox/sandbox.ports';

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];
export type RunKind = 'production' | 'test';

export const isTerminal = (status: RunStatus): boolean => !['queued', 'running'].includes(status);

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
}

export interface ArtifactRecord {
  id: string;
  runId: string;
  path: string;
  bytes: number;
  storageKey: string;
  contentType: string;
}

export const MESSAGES = {
  timedOut: 'Execution timed out.',
  contractViolation: 'Execution failed (runner contract violation).',
  artifactViolation: 'Execution failed (artifact extraction violation).',
  workerLost: 'Körningen avbröts oväntat eftersom arbetsprocessen stannade. Försök igen.',
} as const;

const KILL_MESSAGES: Record<Exclude<KillReason, null>, string> = {
  memory: 'Execution failed (memory limit reached).',
  processes: 'Execution failed (process limit reached).',
  cpu: 'Execution failed (CPU time limit reached).',
  disk: 'Execution failed (disk space limit reached).',
  output: 'Execution failed (too much output on stdout/stderr).',
  signal: 'Execution failed (the process was killed).',
};

/**
 * The run's status when the sandbox gave no usable result.json (contract §2 status table);
 * null when the result file should decide.
 */
export function statusFromSandbox(result: SandboxResult): { status: RunStatus; errorSummary: string } | null {
  if (result.outcome === 'timed_out') return { status: 'timed_out', errorSummary: MESSAGES.timedOut };
  if (result.outcome === 'cancelled') return { status: 'cancelled', errorSummary: 'Körningen avbröts.' };
  if (result.outcome === 'killed' || result.exitSignal) {
    const reason = result.killReason ?? (looksLikeMemory(result.stderr) ? 'memory' : 'signal');
    return { status: 'failed', errorSummary: KILL_MESSAGES[reason] };
  }
  if (result.resultJson === null) return { status: 'failed', errorSummary: MESSAGES.contractViolation };
  return null;
}

function looksLikeMemory(stderr: string): boolean {
  return /MemoryError|Cannot allocate memory|std::bad_alloc/.test(stderr.slice(-4000));
}

/**
 * What a finished run does to the tool session (contract §3 "State"): an action run always replaces the state;
 * a first run replaces it only when it offers next actions. Either way, its next actions become the ones that
 * may be submitted now. Failed runs leave the session alone.
 */
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

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  zip: 'application/zip',
};

export function contentTypeFor(fileName: string): string {
  const extension = fileName.includes('.') ? fileName.split('.').pop()!.toLowerCase() : '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
