import type {
  AdminUser,
  CreatedUser,
  CreateSuggestionBody,
  LoginEventItem,
  PatchUserBody,
  Role,
  SentLink,
  Suggestion,
  SuggestionDecisionBody,
  SuggestionStatus,
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

/** User administration, setting a password from a link, and suggestions (/api/v1). */
export const peopleApi = {
  listUsers: (q: string, cursor: string | null, limit = 25) =>
    api.get<Page<AdminUser>>(withQuery('/admin/users', { q, cursor, limit })),
  getUser: (userId: string) => api.get<AdminUser>(`/admin/users/${seg(userId)}`),
  createUser: (body: { email: string; name: string; role: Role; locale: 'sv' | 'en' }) =>
    api.post<CreatedUser>('/admin/users', body),
  patchUser: (userId: string, body: PatchUserBody) =>
    api.patch<AdminUser>(`/admin/users/${seg(userId)}`, body),
  unlock: (userId: string) => api.post<AdminUser>(`/admin/users/${seg(userId)}/unlock`),
  sendReset: (userId: string) => api.post<SentLink>(`/admin/users/${seg(userId)}/send-reset`),
  loginEvents: (userId: string, cursor: string | null, limit = 25) =>
    api.get<Page<LoginEventItem>>(withQuery(`/admin/users/${seg(userId)}/login-events`, { cursor, limit })),
  setPassword: (token: string, password: string) =>
    api.post<{ email: string }>('/auth/set-password', { token, password }),

  submitSuggestion: (body: CreateSuggestionBody) => api.post<Suggestion>('/suggestions', body),
  mySuggestions: (cursor: string | null) =>
    api.get<Page<Suggestion>>(withQuery('/me/suggestions', { cursor, limit: 25 })),
  markSuggestionsSeen: () => api.post<{ marked: number }>('/me/suggestions/seen'),
  listSuggestions: (status: SuggestionStatus | '', cursor: string | null) =>
    api.get<Page<Suggestion>>(withQuery('/admin/suggestions', { status, cursor, limit: 25 })),
  decide: (suggestionId: string, body: SuggestionDecisionBody) =>
    api.post<Suggestion>(`/admin/suggestions/${seg(suggestionId)}/decision`, body),
};
