import type {
  Diagnostic,
  DiagnosticsResult,
  SaveVersionBody,
  ToolLock,
  Version,
} from '@skriptoteket/contracts';
import { api } from '../../api/client';

const seg = encodeURIComponent;

/** The studio's own endpoints; tools, versions and diffs come from the governance API. */
export const studioApi = {
  diagnose: async (toolId: string, body: { sourceCode: string; entrypoint: string }): Promise<Diagnostic[]> =>
    (await api.post<DiagnosticsResult>(`/admin/tools/${seg(toolId)}/diagnostics`, body)).items,
  takeLock: (toolId: string, force = false) =>
    api.post<ToolLock>(`/admin/tools/${seg(toolId)}/lock`, { force }),
  releaseLock: (toolId: string) => api.delete<null>(`/admin/tools/${seg(toolId)}/lock`),
  saveVersion: (toolId: string, body: SaveVersionBody) =>
    api.post<Version>(`/admin/tools/${seg(toolId)}/versions`, body),
};
