import type { Locale } from '@skriptoteket/contracts/values';
import {
  inputFieldKinds,
  settingsFieldKinds,
  validateInputSchema,
  validateSettingsSchema,
  type SchemaField,
} from '@skriptoteket/contracts/tool-schema';

/** Which of a version's two schemas: the run form (`input_schema`) or the per-user settings. */
export type SchemaWhich = 'input' | 'settings';
export type FieldKind = SchemaField['kind'];

export const kindsFor = (which: SchemaWhich): readonly FieldKind[] =>
  which === 'input' ? inputFieldKinds : settingsFieldKinds;

const hasOptions = (kind: FieldKind) => kind === 'enum' || kind === 'multi_enum';

/** A name not yet used in the schema: `falt_1`, `falt_2`, … (`fil` for the file field). */
export function freeName(fields: readonly SchemaField[], base: string): string {
  const used = new Set(fields.map((f) => f.name));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** A new field of `kind` that is valid as it is, so adding one never starts with an error. */
export function newField(kind: FieldKind, fields: readonly SchemaField[], label: string): SchemaField {
  const field: SchemaField = { name: freeName(fields, kind === 'file' ? 'filer' : 'falt'), label, kind };
  return withKind(field, kind);
}

/**
 * The field with another kind: keys that the new kind does not have are dropped (options only for choices,
 * min/max/accept only for files, no default for files); a choice gets a first option.
 */
export function withKind(field: SchemaField, kind: FieldKind): SchemaField {
  const { options, min, max, accept, default: value, ...rest } = field;
  const next: SchemaField = { ...rest, kind };
  if (hasOptions(kind))
    next.options = options?.length ? options : [{ value: 'alternativ_1', label: 'Alternativ 1' }];
  if (kind === 'file') {
    next.min = min ?? 1;
    next.max = max ?? 1;
    if (accept) next.accept = accept;
  } else if (value !== undefined && kind === field.kind) next.default = value;
  return next;
}

/** Sets one key; `undefined` (or a blank help text) removes it, so the JSON stays as small as the contract allows. */
export function withValue<K extends keyof SchemaField>(
  field: SchemaField,
  key: K,
  value: SchemaField[K],
): SchemaField {
  const next = { ...field };
  if (value === undefined || (key === 'help' && value === '') || (key === 'required' && value === false))
    delete next[key];
  else next[key] = value;
  return next;
}

/** The text of a default value typed into a field as the value of the field's kind. */
export function parseDefault(kind: FieldKind, raw: string): unknown {
  if (raw.trim() === '') return undefined;
  if (kind === 'integer' && /^-?\d+$/.test(raw.trim())) return Number(raw.trim());
  if (kind === 'number' && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (kind === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (kind === 'multi_enum')
    return raw
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean);
  return raw;
}

export function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => formatDefault(item)).join(', ');
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** `.csv, text/plain` → `['.csv', 'text/plain']`; an empty text removes the restriction. */
export function parseAccept(raw: string): string[] | undefined {
  const parts = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  return parts.length > 0 ? parts : undefined;
}

export interface SchemaProblems {
  /** Problems of the whole schema (too many fields, two file fields, not a list). */
  general: string[];
  /** By field index, then by key (`name`, `label`, `options`, `min`, …): the first message for that key. */
  fields: Record<number, Record<string, string>>;
  count: number;
}

/** The shared rules the server saves by, sorted to where the editor shows them. */
export function schemaProblems(which: SchemaWhich, schema: unknown, locale: Locale): SchemaProblems {
  const issues = which === 'input' ? validateInputSchema(schema) : validateSettingsSchema(schema);
  const problems: SchemaProblems = { general: [], fields: {}, count: issues.length };
  for (const issue of issues) {
    const [index, key] = issue.path;
    const message = issue.message[locale];
    if (typeof index !== 'number') {
      problems.general.push(message);
      continue;
    }
    const byKey = (problems.fields[index] ??= {});
    const at = typeof key === 'string' ? key : 'field';
    byKey[at] ??= message;
  }
  return problems;
}

/** The JSON view's text parsed; an error names what is wrong so the person can fix it where they type. */
export function parseSchemaJson(
  raw: string,
): { fields: unknown[] } | { error: 'syntax' | 'notList'; detail: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (caught) {
    return { error: 'syntax', detail: caught instanceof Error ? caught.message : String(caught) };
  }
  return Array.isArray(value) ? { fields: value } : { error: 'notList', detail: '' };
}

export const formatSchemaJson = (fields: readonly unknown[]): string =>
  `${JSON.stringify(fields, null, 2)}\n`;
