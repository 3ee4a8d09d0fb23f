import {
  hasRole,
  runErrorMessage,
  type Locale,
  type RunErrorCode,
  type RunView,
} from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import type { ArtifactRecord, RunRecord } from './runs.model';

/**
 * What the person who ran it reads about a run that did not succeed: the tool's own message for a
 * ToolUserError, else a plain message in their language chosen by the error code. Never a traceback or the
 * contract's technical summary (maintainers get that as errorDetail).
 */
export function presentRunError(
  run: Pick<RunRecord, 'errorCode' | 'errorSummary'>,
  locale: Locale,
): { errorCode: RunErrorCode | null; errorSummary: string | null } {
  if (run.errorCode === null) return { errorCode: null, errorSummary: run.errorSummary };
  return { errorCode: run.errorCode, errorSummary: runErrorMessage(run.errorCode, locale, run.errorSummary) };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export type { RunView };

export function presentRun(
  run: RunRecord,
  extra: {
    artifacts: ArtifactRecord[];
    stateRev: number;
    toolSlug: string | null;
    canSeeOutput: boolean;
    locale: Locale;
    /** Where the run's own endpoints are: `/api/v1/runs` (default) or `/api/v1/admin/test-runs`. */
    runsPath?: string;
  },
): RunView {
  const view: RunView = {
    id: run.id,
    toolId: run.toolId,
    toolSlug: extra.toolSlug,
    versionId: run.versionId,
    kind: run.kind,
    status: run.status,
    requestedAt: run.requestedAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: run.durationMs,
    ...presentRunError(run, extra.locale),
    inputs: run.inputs,
    inputFiles: run.inputFiles,
    uiPayload: run.uiPayload,
    artifacts: run.filesExpiredAt
      ? []
      : extra.artifacts.map((a) => ({
          id: a.id,
          path: a.path,
          bytes: a.bytes,
          downloadUrl: `${extra.runsPath ?? '/api/v1/runs'}/${run.id}/artifacts/${a.id}`,
        })),
    filesExpired: run.filesExpiredAt !== null,
    parentRunId: run.parentRunId,
    actionId: run.actionId,
    session: { context: run.sessionContext, stateRev: extra.stateRev },
  };
  if (extra.canSeeOutput) {
    view.errorDetail = run.errorSummary;
    view.stdout = run.stdout ?? '';
    view.stderr = run.stderr ?? '';
    view.isStdoutTruncated = run.isStdoutTruncated;
    view.isStderrTruncated = run.isStderrTruncated;
  }
  return view;
}

/** A run as its own user sees it: stdout, stderr and error details for contributors and up, in their language. */
export function presentRunTo(
  actor: Actor,
  run: RunRecord,
  extra: { artifacts: ArtifactRecord[]; stateRev: number; toolSlug: string | null },
): RunView {
  return presentRun(run, {
    ...extra,
    canSeeOutput: hasRole(actor.role, 'contributor'),
    locale: actor.locale ?? 'sv',
  });
}
