import type {
  ChangeEmailBody,
  ChangePasswordBody,
  OwnSessionsResponse,
  RegisterBody,
  RegistrationInfo,
  VerifyEmailResponse,
} from '@skriptoteket/contracts';
import { api, ApiError } from '../../api/client';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';

export const accountsApi = {
  registration: () => api.get<RegistrationInfo>('/auth/registration'),
  register: (body: RegisterBody) => api.post('/auth/register', body),
  verifyEmail: (token: string) => api.post<VerifyEmailResponse>('/auth/verify-email', { token }),
  resendByToken: (token: string) => api.post('/auth/resend-verification', { token }),
  resendByEmail: (email: string) => api.post('/auth/resend-verification', { email }),
  forgotPassword: (email: string) => api.post('/auth/forgot-password', { email }),
  resetPassword: (token: string, password: string) => api.post('/auth/reset-password', { token, password }),
  changePassword: (body: ChangePasswordBody) => api.post('/me/password', body),
  changeEmail: (body: ChangeEmailBody) => api.post('/me/email', body),
  sessions: () => api.get<OwnSessionsResponse>('/me/sessions'),
  revokeSession: (id: string) => api.delete(`/me/sessions/${encodeURIComponent(id)}`),
};

/** Field problems the server named, by field. */
export function fieldIssuesOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_ERROR') return {};
  const issues = (error.details as { issues?: { path?: unknown[]; message?: unknown }[] } | null)?.issues;
  const out: Record<string, string> = {};
  for (const issue of Array.isArray(issues) ? issues : []) {
    const field = issue.path?.[0];
    if (typeof field === 'string' && typeof issue.message === 'string') out[field] ??= issue.message;
  }
  return out;
}

/**
 * The server's own words for the account errors a person can cause (expired or used links, a locked account,
 * too many attempts, registration closed): they arrive in the reader's language and say what to do.
 */
export function accountErrorMessage(error: unknown): Message {
  if (
    error instanceof ApiError &&
    error.status > 0 &&
    error.status < 500 &&
    error.code !== 'VALIDATION_ERROR' &&
    error.message
  )
    return { text: error.message };
  return apiErrorMessage(error);
}
