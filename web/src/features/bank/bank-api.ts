import type { RunView, SampleFile, ToolImportResult } from '@skriptoteket/contracts';
import { ApiError, api } from '../../api/client';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';

const seg = encodeURIComponent;

/** Sample runs ("Prova med exempeldata") and tool export/import. */
export const bankApi = {
  samples: (slug: string) => api.get<{ items: SampleFile[] }>(`/tools/${seg(slug)}/samples`),
  startSampleRun: (slug: string, inputs: Record<string, unknown> = {}) =>
    api.post<RunView>(`/tools/${seg(slug)}/sample-runs`, { inputs }),
  exportUrl: (toolId: string) => `/api/v1/admin/tools/${seg(toolId)}/export`,
  importTool: (document: unknown) => api.post<ToolImportResult>('/admin/tools/import', document),
};

/** The server's own words for refusals a person can act on (422, 404), else the generic message. */
export function bankErrorMessage(error: unknown): Message {
  if (error instanceof ApiError && ['VALIDATION_ERROR', 'NOT_FOUND', 'FORBIDDEN'].includes(error.code))
    return { text: error.message };
  return apiErrorMessage(error);
}

/** The reasons of a 422 (`details.issues`), each as "where: what", at most `max`. */
export function issueLines(error: unknown, max = 8): string[] {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_ERROR') return [];
  const issues = (error.details as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.slice(0, max).map((issue) => {
    const { path, message } = issue as { path?: unknown; message?: unknown };
    const where = Array.isArray(path) && path.length > 0 ? `${path.join('.')}: ` : '';
    return `${where}${typeof message === 'string' ? message : ''}`;
  });
}
