import type { RunView, TestRunSnapshot, ToolPage } from '@skriptoteket/contracts';
import { api } from '../../../api/client';
import type { RunEndpoints } from '../../runs/run-endpoints';
import { postRunForm, type RunSubmission } from '../../runs/runs-api';

const seg = encodeURIComponent;
const BASE = '/api/v1';
const runPath = (runId: string) => `/admin/test-runs/${seg(runId)}`;

/** What a test run is given besides the code: the form's values and files, and the settings to use. */
export interface TestRunValues {
  submission: RunSubmission;
  settings: Record<string, unknown>;
}

function formOf(values: TestRunValues, snapshot?: TestRunSnapshot): FormData {
  const form = new FormData();
  if (snapshot) form.append('snapshot', JSON.stringify(snapshot));
  form.append('inputs', JSON.stringify(values.submission.inputs));
  form.append('settings', JSON.stringify(values.settings));
  for (const file of values.submission.files) form.append('files', file, file.name);
  return form;
}

/** The test-run endpoints: the same shapes as a user's runs, under /admin/test-runs. */
export const testRunsApi = {
  /** The editor's unsaved content. */
  startSnapshot: (
    toolId: string,
    snapshot: TestRunSnapshot,
    values: TestRunValues,
    onProgress?: (fraction: number) => void,
  ) => postRunForm(`${BASE}/admin/tools/${seg(toolId)}/test-runs`, formOf(values, snapshot), onProgress),
  /** A saved version (under review, or the active one to compare with). */
  startVersion: (versionId: string, values: TestRunValues, onProgress?: (fraction: number) => void) =>
    postRunForm(`${BASE}/admin/versions/${seg(versionId)}/test-runs`, formOf(values), onProgress),
  limits: () => api.get<{ uploadLimits: ToolPage['uploadLimits'] }>('/admin/test-runs/limits'),
};

export const testRunEndpoints: RunEndpoints = {
  get: (runId) => api.get<RunView>(runPath(runId)),
  cancel: (runId) => api.post<RunView>(`${runPath(runId)}/cancel`),
  act: (runId, body) => api.post<RunView>(`${runPath(runId)}/actions`, body),
  eventsUrl: (runId) => `${BASE}${runPath(runId)}/events`,
  htmlOutputUrl: (runId, index) => `${BASE}${runPath(runId)}/outputs/${index}/html`,
};
