import { text, type ErrorCode, type Text, type TextIssue } from '@skriptoteket/contracts';

/**
 * What an error tells the caller beyond its message. `issues` name fields; any other `Text` in here (at any
 * depth) is rendered in the reader's language with the message.
 */
export interface ErrorDetails {
  issues?: TextIssue[];
  [key: string]: unknown;
}

/**
 * The one error type services throw; the HTTP edge maps `code` to a status and renders `text` in the
 * request's language. `message` (logs, stack traces) is the Swedish text, the product's default.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Text,
    readonly details?: ErrorDetails,
  ) {
    super(text.sv);
    this.name = 'AppError';
  }
}

export const NOT_FOUND = text('Hittades inte.', 'Not found.');

export const notFound = (message: Text = NOT_FOUND) => new AppError('NOT_FOUND', message);
export const forbidden = (
  message: Text = text('Du har inte behörighet till det här.', 'You do not have permission to do this.'),
  details?: ErrorDetails,
) => new AppError('FORBIDDEN', message, details);
export const unauthenticated = (message: Text = text('Du behöver logga in.', 'You need to sign in.')) =>
  new AppError('UNAUTHENTICATED', message);
export const conflict = (message: Text, details?: ErrorDetails) => new AppError('CONFLICT', message, details);
export const invalid = (message: Text, issues: TextIssue[] = []) =>
  new AppError('VALIDATION_ERROR', message, { issues });
export const locked = (message: Text, retryAfterSeconds: number) =>
  new AppError('ACCOUNT_LOCKED', message, { retryAfterSeconds });
