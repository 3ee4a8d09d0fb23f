import type { CatalogPage, RecentTool, ToolCard, ToolPage } from '@skriptoteket/contracts';
import { api } from '../../api/client';
import { filtersToSearchParams, type BrowseFilters } from './browse-query';
import type { ItemsResponse, RunsPage } from './catalog-types';

const seg = encodeURIComponent;

/** Results per page of the catalog search. */
export const CATALOG_PAGE_SIZE = 24;

/** The catalog endpoints of /api/v1 a teacher uses. */
export const catalogApi = {
  search: (filters: BrowseFilters, cursor: string | null, signal?: AbortSignal) => {
    const params = filtersToSearchParams(filters);
    params.set('limit', String(CATALOG_PAGE_SIZE));
    if (cursor) params.set('cursor', cursor);
    return api.get<CatalogPage>(`/catalog/tools?${params.toString()}`, { signal });
  },
  favorites: () => api.get<ItemsResponse<ToolCard>>('/me/favorites'),
  addFavorite: (toolId: string) => api.put<void>(`/me/favorites/${seg(toolId)}`),
  removeFavorite: (toolId: string) => api.delete<void>(`/me/favorites/${seg(toolId)}`),
  recentTools: () => api.get<ItemsResponse<RecentTool>>('/me/recent-tools'),
  recentRuns: (limit: number) => api.get<RunsPage>(`/me/runs?limit=${limit}`),
  toolPage: (slug: string) => api.get<ToolPage>(`/tools/${seg(slug)}`),
  markInstructionsRead: (slug: string) => api.post<void>(`/tools/${seg(slug)}/instructions-read`),
};
