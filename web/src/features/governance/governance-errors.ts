import { ApiError } from '../../api/client';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { compileRefusal, doesNotCompileDetails } from './compile-error';

/** Codes whose server message explains the refusal in words a person can act on. */
const explainedCodes = new Set(['CONFLICT', 'VALIDATION_ERROR', 'FORBIDDEN']);

/** What to tell the user when a governance request failed. */
export function governanceErrorMessage(error: unknown): Message {
  if (error instanceof ApiError) {
    const compileError = error.code === 'CONFLICT' ? doesNotCompileDetails(error.details) : null;
    if (compileError) return compileRefusal(compileError);
    if (explainedCodes.has(error.code) && error.message) return { text: error.message };
    if (error.code === 'NOT_FOUND') return { key: 'governance.errors.notFound' };
  }
  return apiErrorMessage(error);
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
}

/** `details.blockers` of a refused tool publish: what is missing, in sentences. */
export function publishBlockers(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== 'CONFLICT') return [];
  const blockers = record(error.details)?.blockers;
  return Array.isArray(blockers) ? blockers.filter((b): b is string => typeof b === 'string') : [];
}

/**
 * Field messages of a VALIDATION_ERROR by field name. Paths may start with "body" (request validation)
 * or name the field directly (rules in the service).
 */
export function fieldIssues(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_ERROR') return {};
  const issues = record(error.details)?.issues;
  const out: Record<string, string> = {};
  for (const issue of Array.isArray(issues) ? issues : []) {
    const { path, message } = record(issue) ?? {};
    if (!Array.isArray(path) || typeof message !== 'string') continue;
    const [first, second] = path as unknown[];
    const field = first === 'body' ? second : first;
    if (typeof field === 'string') out[field] ??= message;
  }
  return out;
}
