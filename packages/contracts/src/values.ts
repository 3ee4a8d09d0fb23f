/**
 * The contracts' plain values: no zod, so the browser can import them under a CSP without 'unsafe-eval'
 * (zod probes `new Function` when its schemas load). Import from '@skriptoteket/contracts/values' in the web.
 */
export * from './text';
export * from './tool-schema';
export * from './input-rules';
export * from './upload-rules';
export * from './content-types';

export const errorCodes = [
  'BAD_REQUEST',
  'VALIDATION_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ACCOUNT_LOCKED',
  'PASSWORD_CHANGE_REQUIRED',
  'EMAIL_NOT_VERIFIED',
  'LINK_INVALID',
  'LINK_EXPIRED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'PRECONDITION_FAILED',
  'RANGE_NOT_SATISFIABLE',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** Roles in ascending order of power; each has everything the one before has. */
export const roles = ['user', 'contributor', 'admin', 'superuser'] as const;
export type Role = (typeof roles)[number];

export function roleRank(role: Role): number {
  return roles.indexOf(role);
}

export function hasRole(actual: Role, required: Role): boolean {
  return roleRank(actual) >= roleRank(required);
}

export const locales = ['sv', 'en'] as const;
export type Locale = (typeof locales)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

export const versionStates = ['draft', 'in_review', 'active', 'archived'] as const;
export type VersionState = (typeof versionStates)[number];

/** What the admin tool list shows as one badge. */
export const toolStatuses = ['draft', 'in_review', 'published', 'depublished'] as const;
export type ToolStatus = (typeof toolStatuses)[number];

export const auditActions = [
  'tool.created',
  'tool.updated',
  'tool.published',
  'tool.depublished',
  'maintainer.added',
  'maintainer.removed',
  'lock.taken_over',
  'version.saved',
  'version.submitted',
  'version.published',
  'version.changes_requested',
  'version.rolled_back',
  'user.created',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.unlocked',
  'user.reset_sent',
  'suggestion.accepted',
  'suggestion.declined',
  'tool.imported',
] as const;
export type AuditAction = (typeof auditActions)[number];
export * from './run-errors';

export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

export function isTerminalRunStatus(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

/** What a later first run does with the files a multi-step tool kept (docs/TOOL-CONTRACT.md §4). */
export const sessionFilesModes = ['none', 'reuse', 'clear'] as const;
export type SessionFilesMode = (typeof sessionFilesModes)[number];
