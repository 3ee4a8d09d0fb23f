import type { FieldIssue, Locale, SchemaField, Text, UploadLimits } from '@skriptoteket/contracts';
import {
  checkUploads,
  coerceFieldValue,
  readSchemaFields,
  requiredFieldMessage,
} from '../../api/contract-values';

/**
 * The generated form's model, pure: which fields a schema (input_schema, an action's fields, settings_schema)
 * gives, what they start with, what is wrong with a value and what is sent. The rules and their Swedish
 * messages are the contracts' own (`input-rules.ts`), the ones the server applies, so the form and the
 * server never disagree.
 */

/** What a control holds: text as typed (numbers too, so nothing is rounded), a checkbox, or chosen values. */
export type FormValue = string | boolean | string[];
export type FormValues = Record<string, FormValue>;

const VALUE_KINDS = new Set(['string', 'text', 'integer', 'number', 'boolean', 'enum', 'multi_enum']);

/** The fields that take a typed or chosen value, in schema order (the file field is separate). */
export function valueFields(schema: readonly unknown[]): SchemaField[] {
  return readSchemaFields(schema).filter((field) => VALUE_KINDS.has(field.kind));
}

/** The schema's file field, if it has one (a schema has at most one). */
export function fileField(schema: readonly unknown[]): SchemaField | null {
  return readSchemaFields(schema).find((field) => field.kind === 'file') ?? null;
}

/** A stored or default JSON value as the control shows it; anything that does not fit starts empty. */
export function toFormValue(field: SchemaField, value: unknown): FormValue {
  switch (field.kind) {
    case 'boolean':
      return value === true;
    case 'multi_enum':
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    case 'integer':
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';
    default:
      return typeof value === 'string' ? value : '';
  }
}

/**
 * Where each control starts: the given value (a prefill, saved settings, an earlier run's inputs), else the
 * field's default, else empty.
 */
export function initialValues(
  fields: readonly SchemaField[],
  given: Record<string, unknown> = {},
): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const start = Object.hasOwn(given, field.name) ? given[field.name] : field.default;
    values[field.name] = toFormValue(field, start);
  }
  return values;
}

/** What is wrong with one value, in the server's words and the reader's language; null when it may be sent. */
export function fieldError(field: SchemaField, value: FormValue | undefined, locale: Locale): string | null {
  const result = coerceFieldValue(field, value);
  if ('error' in result) return result.error[locale];
  if ('absent' in result && field.required === true) return requiredFieldMessage(field)[locale];
  return null;
}

/** Every field's problem, by field name; empty when the form may be sent. */
export function formErrors(
  fields: readonly SchemaField[],
  values: FormValues,
  locale: Locale,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const error = fieldError(field, values[field.name], locale);
    if (error) errors[field.name] = error;
  }
  return errors;
}

/**
 * The values as sent: blank text and empty choices are left out (the server would leave them out too), text
 * is sent as typed so an integer beyond 2^53 reaches the server exactly.
 */
export function submittedValues(
  fields: readonly SchemaField[],
  values: FormValues,
): Record<string, FormValue> {
  const sent: Record<string, FormValue> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    sent[field.name] = value;
  }
  return sent;
}

/** The field a server issue is about: ['inputs', name] (run form), ['input', name] (action), ['values', name]. */
export function issueField(issue: FieldIssue, root: string): string | null {
  return issue.path[0] === root && typeof issue.path[1] === 'string' ? issue.path[1] : null;
}

export interface FileChoice {
  name: string;
  bytes: number;
  mimeType?: string;
}

const asCandidate = (file: FileChoice) => ({
  name: file.name,
  bytes: file.bytes,
  ...(file.mimeType ? { mimeType: file.mimeType } : {}),
});

/**
 * Why `file` may not join `kept`: a problem of the file itself, or a limit it would break (count, total).
 * The minimum is not a reason to refuse; `filesError` reports it when the form is sent.
 */
export function refuseFile(
  schema: readonly unknown[],
  limits: UploadLimits,
  file: FileChoice,
  kept: readonly FileChoice[],
  locale: Locale,
): string | null {
  const before = issueMessages(checkUploads(schema, kept.map(asCandidate), limits));
  const after = checkUploads(schema, [...kept, file].map(asCandidate), limits);
  if (!('issues' in after)) return null;
  const index = kept.length;
  const own = after.issues.find((issue) => issue.path[0] === 'files' && issue.path[1] === index);
  if (own) return own.message[locale];
  // Adding a file never creates a "too few" issue, so a new whole-list issue is a limit it would break.
  const added = after.issues.find((issue) => issue.path.length === 1 && !before.has(issue.message.sv));
  return added?.message[locale] ?? null;
}

/** The file field's problem with the chosen files as a whole (too few, too many, too large together). */
export function filesError(
  schema: readonly unknown[],
  limits: UploadLimits,
  files: readonly FileChoice[],
  locale: Locale,
): string | null {
  const result = checkUploads(schema, files.map(asCandidate), limits);
  return 'issues' in result ? (result.issues[0]?.message[locale] ?? null) : null;
}

function issueMessages(result: ReturnType<typeof checkUploads>): Set<string> {
  return new Set('issues' in result ? result.issues.map((issue: { message: Text }) => issue.message.sv) : []);
}
