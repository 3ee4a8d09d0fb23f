/** Types of the run API (no runtime code: the browser imports these). */

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

export interface RunArtifactView {
  id: string;
  /** Contract form `output/<relative>`. */
  path: string;
  bytes: number;
  downloadUrl: string;
}

export interface RunView {
  id: string;
  toolId: string;
  toolSlug: string | null;
  versionId: string | null;
  kind: 'production' | 'test';
  status: RunStatus;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  errorSummary: string | null;
  inputs: unknown;
  inputFiles: { name: string; bytes: number }[];
  /** The stored, normalized contract document (TOOL-CONTRACT.md keys); null until the run has finished. */
  uiPayload: unknown;
  artifacts: RunArtifactView[];
  /** True when retention removed the run's files; the page says so instead of offering dead links. */
  filesExpired: boolean;
  parentRunId: string | null;
  actionId: string | null;
  session: { context: string; stateRev: number };
  /** Only for contributors and admins. */
  stdout?: string;
  stderr?: string;
  isStdoutTruncated?: boolean;
  isStderrTruncated?: boolean;
}

export interface RunListItem {
  id: string;
  toolId: string;
  toolSlug: string;
  toolTitle: string;
  status: RunStatus;
  requestedAt: string;
  finishedAt: string | null;
  errorSummary: string | null;
  inputsSummary: string;
  inputFiles: { name: string; bytes: number }[];
  artifactCount: number;
  filesExpired: boolean;
}
