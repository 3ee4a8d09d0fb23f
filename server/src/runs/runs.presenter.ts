import type { RunView } from '@skriptoteket/contracts';
import type { ArtifactRecord, RunRecord } from './runs.model';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export type { RunView };

export function presentRun(
  run: RunRecord,
  extra: { artifacts: ArtifactRecord[]; stateRev: number; toolSlug: string | null; canSeeOutput: boolean },
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
    errorSummary: run.errorSummary,
    inputs: run.inputs,
    inputFiles: run.inputFiles,
    uiPayload: run.uiPayload,
    artifacts: run.filesExpiredAt
      ? []
      : extra.artifacts.map((a) => ({
          id: a.id,
          path: a.path,
          bytes: a.bytes,
          downloadUrl: `/api/v1/runs/${run.id}/artifacts/${a.id}`,
        })),
    filesExpired: run.filesExpiredAt !== null,
    parentRunId: run.parentRunId,
    actionId: run.actionId,
    session: { context: run.sessionContext, stateRev: extra.stateRev },
  };
  if (extra.canSeeOutput) {
    view.stdout = run.stdout ?? '';
    view.stderr = run.stderr ?? '';
    view.isStdoutTruncated = run.isStdoutTruncated;
    view.isStderrTruncated = run.isStderrTruncated;
  }
  return view;
}
