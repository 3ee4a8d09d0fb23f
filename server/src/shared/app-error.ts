import type { ErrorCode, FieldIssue } from '@skriptoteket/contracts';

/** The one error type services throw; the HTTP edge maps `code` to a status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (message = 'Hittades inte.') => new AppError('NOT_FOUND', message);
export const forbidden = (
  message = 'Du har inte behörighet till det här.',
  details?: Record<string, unknown>,
) => new AppError('FORBIDDEN', message, details);
export const unauthenticated = (message = 'Du behöver logga in.') => new AppError('UNAUTHENTICATED', message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, details);
export const invalid = (message: string, issues: FieldIssue[] = []) =>
  new AppError('VALIDATION_ERROR', message, { issues });
export const locked = (message: string, retryAfterSeconds: number) =>
  new AppError('ACCOUNT_LOCKED', message, { retryAfterSeconds });
