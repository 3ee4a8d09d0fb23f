import type {
  RunList,
  RunView,
  SessionFileList,
  SessionFilesMode,
  ToolSettings,
} from '@skriptoteket/contracts';
import { api, ApiError, apiErrorFrom, parseApiJson } from '../../api/client';

const seg = encodeURIComponent;
const BASE = '/api/v1';

export interface RunSubmission {
  /** The form's values (text as typed; the server normalizes). */
  inputs: Record<string, unknown>;
  files: readonly File[];
  sessionFilesMode: SessionFilesMode;
  /** An earlier run of mine of this tool whose input files this run gets again. */
  rerunOf?: string | null;
}

/** The run endpoints of /api/v1 the run page and the history use. */
export const runsApi = {
  get: (runId: string) => api.get<RunView>(`/runs/${seg(runId)}`),
  cancel: (runId: string) => api.post<RunView>(`/runs/${seg(runId)}/cancel`),
  act: (
    runId: string,
    body: { actionId: string; input: Record<string, unknown>; expectedStateRev: number },
  ) => api.post<RunView>(`/runs/${seg(runId)}/actions`, body),
  list: (page: { limit: number; cursor?: string | null; tool?: string | null }) => {
    const params = new URLSearchParams({ limit: String(page.limit) });
    if (page.cursor) params.set('cursor', page.cursor);
    if (page.tool) params.set('tool', page.tool);
    return api.get<RunList>(`/me/runs?${params.toString()}`);
  },
  sessionFiles: (slug: string) => api.get<SessionFileList>(`/tools/${seg(slug)}/session-files`),
  settings: (slug: string) => api.get<ToolSettings>(`/tools/${seg(slug)}/settings`),
  saveSettings: (slug: string, values: Record<string, unknown>) =>
    api.put<ToolSettings>(`/tools/${seg(slug)}/settings`, { values }),
  eventsUrl: (runId: string) => `${BASE}/runs/${seg(runId)}/events`,
  start: startRun,
};

/**
 * Starts a run (multipart). Sent with XMLHttpRequest because fetch reports no upload progress; `onProgress`
 * gets the sent fraction (0–1). The CSRF token is the API client's, refreshed and retried once if refused.
 */
async function startRun(
  slug: string,
  submission: RunSubmission,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<RunView> {
  const form = new FormData();
  form.append('inputs', JSON.stringify(submission.inputs));
  form.append('sessionFilesMode', submission.sessionFilesMode);
  if (submission.rerunOf) form.append('rerunOf', submission.rerunOf);
  for (const file of submission.files) form.append('files', file, file.name);
  return postRunForm(`${BASE}/tools/${seg(slug)}/runs`, form, onProgress);
}

/**
 * Posts a run's multipart form with upload progress (XMLHttpRequest: fetch reports none) and the API client's
 * CSRF token, refreshed and retried once if refused.
 */
export async function postRunForm(
  url: string,
  form: FormData,
  onProgress: (fraction: number) => void = () => undefined,
): Promise<RunView> {
  const token = api.csrfToken.value ?? (await api.refreshCsrfToken());
  try {
    return await sendForm<RunView>(url, form, token, onProgress);
  } catch (error) {
    if (!(error instanceof ApiError && error.isCsrfFailure)) throw error;
    return sendForm<RunView>(url, form, await api.refreshCsrfToken(), onProgress);
  }
}

function sendForm<T>(
  url: string,
  form: FormData,
  csrfToken: string,
  onProgress: (f: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      const body = parseBody(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(apiErrorFrom(xhr.status, body, xhr.getResponseHeader('x-request-id')));
    });
    const networkError = () =>
      reject(new ApiError({ code: 'NETWORK', message: 'Network request failed', status: 0 }));
    xhr.addEventListener('error', networkError);
    xhr.addEventListener('abort', networkError);
    xhr.send(form);
  });
}

function parseBody(text: string): unknown {
  try {
    return text === '' ? undefined : parseApiJson(text);
  } catch {
    return undefined;
  }
}
