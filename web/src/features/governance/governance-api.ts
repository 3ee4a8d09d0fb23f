import type {
  AdminTool,
  AdminToolSummary,
  AuditEvent,
  PatchToolBody,
  Person,
  ReviewItem,
  Taxonomy,
  ToolStatus,
  Version,
  VersionDiff,
  VersionSummary,
} from '@skriptoteket/contracts';
import { api } from '../../api/client';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const seg = encodeURIComponent;

function withQuery(path: string, query: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The governance endpoints of /api/v1, typed by the contracts. */
export const governanceApi = {
  listTools: (query: { q?: string; status?: ToolStatus | '' }) =>
    api.get<Page<AdminToolSummary>>(withQuery('/admin/tools', query)),
  createTool: (body: { title: string; summary: string }) => api.post<AdminTool>('/admin/tools', body),
  getTool: (toolId: string) => api.get<AdminTool>(`/admin/tools/${seg(toolId)}`),
  updateTool: (toolId: string, patch: PatchToolBody) =>
    api.patch<AdminTool>(`/admin/tools/${seg(toolId)}`, patch),
  publishTool: (toolId: string) => api.post<AdminTool>(`/admin/tools/${seg(toolId)}/publish`),
  depublishTool: (toolId: string) => api.post<AdminTool>(`/admin/tools/${seg(toolId)}/depublish`),

  addMaintainer: (toolId: string, email: string) =>
    api.post<{ items: Person[] }>(`/admin/tools/${seg(toolId)}/maintainers`, { email }),
  removeMaintainer: (toolId: string, userId: string) =>
    api.delete<{ items: Person[] }>(`/admin/tools/${seg(toolId)}/maintainers/${seg(userId)}`),

  listVersions: (toolId: string) => api.get<Page<VersionSummary>>(`/admin/tools/${seg(toolId)}/versions`),
  getVersion: (versionId: string) => api.get<Version>(`/admin/versions/${seg(versionId)}`),
  diff: (fromId: string, toId: string) =>
    api.get<VersionDiff>(`/admin/versions/${seg(fromId)}/diff/${seg(toId)}`),
  submitVersion: (versionId: string, note: string) =>
    api.post<VersionSummary>(`/admin/versions/${seg(versionId)}/submit`, { note }),
  publishVersion: (versionId: string, changeSummary: string) =>
    api.post<VersionSummary>(`/admin/versions/${seg(versionId)}/publish`, { changeSummary }),
  requestChanges: (versionId: string, message: string) =>
    api.post<VersionSummary>(`/admin/versions/${seg(versionId)}/request-changes`, { message }),
  rollbackVersion: (versionId: string) =>
    api.post<VersionSummary>(`/admin/versions/${seg(versionId)}/rollback`, {}),

  listReviews: () => api.get<Page<ReviewItem>>('/admin/reviews'),
  toolAudit: (toolId: string, cursor: string | null, limit = 25) =>
    api.get<Page<AuditEvent>>(withQuery(`/admin/tools/${seg(toolId)}/audit`, { limit, cursor })),
  audit: (cursor: string | null, limit = 25) =>
    api.get<Page<AuditEvent>>(withQuery('/admin/audit', { limit, cursor })),

  taxonomy: () => api.get<Taxonomy>('/catalog/taxonomy'),
};
