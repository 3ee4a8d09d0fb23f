import type { Message } from '../i18n/message';
import { ApiError } from './client';

/** Whole minutes to wait, rounded up so "try again in 1 minute" is never too early. */
export function minutesToWait(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}

/** A message a teacher can act on for any failed request; features override the codes they know better. */
export function apiErrorMessage(error: unknown): Message {
  if (!(error instanceof ApiError)) return { key: 'errors.generic' };
  switch (error.code) {
    case 'NETWORK':
      return { key: 'errors.network' };
    case 'UNAVAILABLE':
      return { key: 'errors.unavailable' };
    default:
      return error.requestId
        ? { key: 'errors.genericWithReference', params: { id: error.requestId } }
        : { key: 'errors.generic' };
  }
}
