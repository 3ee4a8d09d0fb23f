import type { UiPayload } from '@skriptoteket/contracts';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';

/** Shared builders for the result-normalizer tests. */
export const FIRST = { isActionRun: false };
export const ACTION = { isActionRun: true };

export const result = (fields: Record<string, unknown> = {}) => ({
  contract_version: 2,
  status: 'succeeded',
  error_summary: null,
  outputs: [],
  next_actions: [],
  state: null,
  artifacts: [],
  ...fields,
});
export const notice = (message: string, level = 'info') => ({ kind: 'notice', level, message });
export const warning = (text: string) => ({
  kind: 'notice',
  level: 'warning',
  message: `System notice: ${text}`,
});
export const messages = (payload: UiPayload) =>
  payload.outputs.map((o) => (o.kind === 'notice' ? o.message : o.kind));
export const bytes = (value: unknown) => Buffer.byteLength(stringifyJsonExact(value), 'utf8');
