/**
 * The rules for one submitted value and for a run's files (TOOL-CONTRACT.md §4), with the Swedish message for
 * each problem. Pure and browser-safe: the server normalizer applies them to what arrives, the run form
 * applies the same ones before sending, so a person reads the same words in both places.
 */
import { contentTypeFor } from './content-types';
import type { FieldOption, SchemaField, SchemaIssue } from './tool-schema';
import type { JsonValue } from './ui-payload';

export interface UploadLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

export interface UploadCandidate {
  name: string;
  bytes: number;
  mimeType?: string;
}

/** One submitted value against its field: the value to keep, nothing (absent), or what is wrong. */
export type FieldCoercion = { value: JsonValue } | { absent: true } | { error: string };

const ABSENT: FieldCoercion = { absent: true };
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);
const INTEGER_TEXT = /^[+-]?\d{1,1000}$/;
/** Unambiguous (no nested quantifiers over the same digits), so a long hostile string cannot backtrack. */
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_NUMBER_TEXT = 1000;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_NAME_BYTES = 255;
const utf8 = new TextEncoder();
const isControl = (code: number) => code < 32 || code === 127;
/** C0 controls and DEL (tab and line breaks allowed in text): no place in stored values or file names. */
function hasControl(text: string, isTextAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && !(isTextAllowed && (code === 9 || code === 10 || code === 13))) return true;
  }
  return false;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/** A short, printable quote of a user-given name for a message. */
export function quoted(text: string, maxChars = 60): string {
  const chars = Array.from(text.slice(0, maxChars * 2 + 2), (c) => (isControl(c.charCodeAt(0)) ? '?' : c));
  return `"${chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : chars.join('')}"`;
}

/** The fields of a schema that have a name and a kind; anything else is not a field. */
export function readSchemaFields(schema: readonly unknown[]): SchemaField[] {
  return schema.filter(
    (f): f is SchemaField => isRecord(f) && typeof f['name'] === 'string' && typeof f['kind'] === 'string',
  );
}

export const fieldTitle = (field: Pick<SchemaField, 'label' | 'name'>) => quoted(field.label || field.name);

export const requiredFieldMessage = (field: Pick<SchemaField, 'label' | 'name'>) =>
  `Fältet ${fieldTitle(field)} är obligatoriskt. Fyll i det.`;

const exactInteger = (value: bigint): number | bigint =>
  value > MAX_SAFE || value < -MAX_SAFE ? value : Number(value);

/** Strings are trimmed; null, undefined and blank are absent (a required field then needs its own check). */
export function coerceFieldValue(field: SchemaField, submitted: unknown): FieldCoercion {
  const raw = typeof submitted === 'string' ? submitted.trim() : submitted;
  if (raw === undefined || raw === null || raw === '') return ABSENT;
  const title = fieldTitle(field);
  if (typeof raw === 'string') {
    if (hasControl(raw, true) || !isWellFormed(raw)) {
      return {
        error: `Fältet ${title} innehåller tecken som inte är tillåtna. Ta bort dem och försök igen.`,
      };
    }
  }
  switch (field.kind) {
    case 'string':
    case 'text':
      return typeof raw === 'string' ? { value: raw } : { error: `Fältet ${title} ska vara text.` };
    case 'integer':
      if (typeof raw === 'number' && Number.isInteger(raw)) return { value: exactInteger(BigInt(raw)) };
      if (typeof raw === 'bigint') return { value: exactInteger(raw) };
      if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) return { value: exactInteger(BigInt(raw)) };
      return { error: `Fältet ${title} ska vara ett heltal, till exempel 12.` };
    case 'number': {
      const text = typeof raw === 'string' && raw.length <= MAX_NUMBER_TEXT ? raw : '';
      const n = NUMBER_TEXT.test(text) ? Number(text) : raw;
      if (typeof n === 'number' && Number.isFinite(n)) return { value: n === 0 ? 0 : n };
      if (typeof n === 'bigint') return { value: exactInteger(n) };
      return { error: `Fältet ${title} ska vara ett tal, till exempel 3.5 (med punkt som decimaltecken).` };
    }
    case 'boolean': {
      const word = typeof raw === 'string' ? raw.toLowerCase() : null;
      if (typeof raw === 'boolean') return { value: raw };
      if (word !== null && TRUE_WORDS.has(word)) return { value: true };
      if (word !== null && FALSE_WORDS.has(word)) return { value: false };
      return { error: `Fältet ${title} ska vara sant eller falskt (true eller false).` };
    }
    case 'enum':
      return typeof raw === 'string' && hasOption(field.options, raw)
        ? { value: raw }
        : { error: notAnOption(title, raw, field.options) };
    case 'multi_enum':
      return coerceMany(field, raw, title);
    default:
      return { error: `Fältet ${title} har en typ som inte kan fyllas i här.` };
  }
}

const hasOption = (options: FieldOption[] | undefined, value: string) =>
  (options ?? []).some((o) => o.value === value);

function notAnOption(title: string, raw: unknown, options: FieldOption[] | undefined): string {
  const allowed = (options ?? []).slice(0, 10).map((o) => quoted(o.value, 30));
  const more = (options ?? []).length > 10 ? ', …' : '';
  const value = typeof raw === 'string' ? `Värdet ${quoted(raw)}` : 'Värdet';
  return `${value} finns inte bland alternativen för fältet ${title}. Välj ett av: ${allowed.join(', ')}${more}.`;
}

/** A list of option values; duplicates and blanks are left out, the rest kept in the options' order. */
function coerceMany(field: SchemaField, raw: unknown, title: string): FieldCoercion {
  if (!Array.isArray(raw)) return { error: `Fältet ${title} ska vara en lista med val.` };
  const picked = new Set<string>();
  for (const item of raw as unknown[]) {
    if (item === null || item === undefined || (typeof item === 'string' && item.trim() === '')) continue;
    if (typeof item !== 'string') return { error: `Fältet ${title} ska vara en lista med val.` };
    if (!hasOption(field.options, item.trim())) return { error: notAnOption(title, item, field.options) };
    picked.add(item.trim());
  }
  const value = (field.options ?? []).map((o) => o.value).filter((v) => picked.has(v));
  return value.length > 0 ? { value } : ABSENT;
}

/** How many files the schema's file field takes once `required` is counted: [min, max]. */
export function fileCountBounds(field: SchemaField): { min: number; max: number } {
  return { min: Math.max(field.min ?? 0, field.required === true ? 1 : 0), max: field.max ?? 1 };
}

/**
 * Uploaded files against the schema's file field and the run limits (contract §4, Files). A name is taken
 * as the bare name the browser sends, only trimmed: a name that still holds a path (a slash or backslash),
 * is empty, "." or "..", holds control characters or is over 255 UTF-8 bytes is rejected, never rewritten,
 * so that what the tool sees in /work/input is exactly what the user picked. Names are case-sensitive, so
 * "a.csv" and "A.csv" are two files. `accept` matches an extension case-insensitively or the declared MIME
 * type (also "image/*"), as the browser's accept attribute does. Issues: ['files'] or ['files', index].
 */
export function checkUploads<T extends UploadCandidate>(
  schema: readonly unknown[],
  files: readonly T[],
  limits: UploadLimits,
): { files: T[] } | { issues: SchemaIssue[] } {
  const field = readSchemaFields(schema).find((f) => f.kind === 'file');
  if (!field) {
    return files.length === 0
      ? { files: [] }
      : {
          issues: [
            { path: ['files'], message: 'Verktyget tar inte emot filer. Ta bort filerna och försök igen.' },
          ],
        };
  }
  const title = fieldTitle(field);
  const { min, max } = fileCountBounds(field);
  const issues: SchemaIssue[] = [];
  if (files.length < min) {
    issues.push({
      path: ['files'],
      message: min === 1 ? `Välj en fil för ${title}.` : `Välj minst ${min} filer för ${title}.`,
    });
  }
  if (files.length > limits.maxFiles) {
    issues.push({ path: ['files'], message: `Du kan skicka högst ${limits.maxFiles} filer per körning.` });
  } else if (files.length > max) {
    issues.push({
      path: ['files'],
      message: max === 1 ? `Välj bara en fil för ${title}.` : `Välj högst ${max} filer för ${title}.`,
    });
  }
  const accept = field.accept ?? [];
  const seen = new Set<string>();
  let total = 0;
  const checked = files.map((file, index) => {
    const name = typeof file.name === 'string' ? file.name.trim() : '';
    const problem =
      nameProblem(name) ??
      (seen.has(name) ? `Två filer heter ${quoted(name)}. Byt namn på den ena och försök igen.` : null);
    seen.add(name);
    const sizeProblem =
      !Number.isSafeInteger(file.bytes) || file.bytes < 0
        ? `Filen ${quoted(name)} kunde inte läsas. Försök igen.`
        : file.bytes > limits.maxFileBytes
          ? `Filen ${quoted(name)} är för stor. Högst ${megabytes(limits.maxFileBytes)} per fil.`
          : null;
    const typeProblem =
      !problem && accept.length > 0 && !isAccepted(name, file.mimeType, accept)
        ? wrongTypeMessage(name, accept)
        : null;
    for (const message of [problem, sizeProblem, typeProblem]) {
      if (message) issues.push({ path: ['files', index], message });
    }
    total += Number.isSafeInteger(file.bytes) ? file.bytes : 0;
    return { ...file, name };
  });
  if (total > limits.maxTotalBytes) {
    issues.push({
      path: ['files'],
      message: `Filerna är för stora tillsammans. Högst ${megabytes(limits.maxTotalBytes)} per körning.`,
    });
  }
  return issues.length > 0 ? { issues } : { files: checked };
}

function nameProblem(name: string): string | null {
  if (name === '') return 'En fil saknar namn. Byt namn på filen och försök igen.';
  if (name === '.' || name === '..') return `Filnamnet ${quoted(name)} är inte tillåtet. Byt namn på filen.`;
  if (name.includes('/') || name.includes('\\')) {
    return `Filnamnet ${quoted(name)} får inte innehålla / eller \\. Ange bara filens namn.`;
  }
  if (hasControl(name, false) || !isWellFormed(name)) {
    return `Filnamnet ${quoted(name)} innehåller tecken som inte är tillåtna.`;
  }
  if (utf8.encode(name).length > MAX_NAME_BYTES) {
    return `Filnamnet ${quoted(name)} är för långt (högst ${MAX_NAME_BYTES} byte). Korta namnet och försök igen.`;
  }
  return null;
}

/**
 * Browsers declare types inconsistently (Windows reports a .csv as application/vnd.ms-excel), so a MIME entry
 * also matches the type that the file's extension stands for.
 */
function isAccepted(name: string, mimeType: string | undefined, accept: readonly string[]): boolean {
  const lowerName = name.toLowerCase();
  const declared = (mimeType ?? '').split(';')[0]!.trim().toLowerCase();
  const implied = contentTypeFor(lowerName).split(';')[0]!.trim();
  const matches = (mime: string, wanted: string) =>
    mime !== '' &&
    (wanted === '*/*' || (wanted.endsWith('/*') ? mime.startsWith(wanted.slice(0, -1)) : mime === wanted));
  return accept.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    if (wanted.includes('/')) {
      return (
        matches(declared, wanted) || (implied !== 'application/octet-stream' && matches(implied, wanted))
      );
    }
    const extension = wanted.startsWith('.') ? wanted : `.${wanted}`;
    return lowerName.length > extension.length && lowerName.endsWith(extension);
  });
}

/** What a teacher calls a file of an accepted type ("Filen är inte en Excel-fil"), by extension or MIME type. */
const TYPE_NAMES: Record<string, string> = {
  xlsx: 'Excel-fil',
  xls: 'Excel-fil',
  xlsm: 'Excel-fil',
  csv: 'CSV-fil',
  txt: 'textfil',
  md: 'Markdown-fil',
  json: 'JSON-fil',
  html: 'HTML-fil',
  pdf: 'PDF-fil',
  docx: 'Word-fil',
  doc: 'Word-fil',
  pptx: 'PowerPoint-fil',
  odt: 'OpenDocument-text',
  ods: 'OpenDocument-kalkylark',
  png: 'PNG-bild',
  jpg: 'JPEG-bild',
  jpeg: 'JPEG-bild',
  svg: 'SVG-bild',
  zip: 'zip-fil',
  'image/*': 'bild',
};

function typeName(entry: string): string | undefined {
  const wanted = entry.trim().toLowerCase();
  if (!wanted.includes('/')) return TYPE_NAMES[wanted.replace(/^\./, '')];
  if (TYPE_NAMES[wanted]) return TYPE_NAMES[wanted];
  const extension = Object.keys(TYPE_NAMES).find(
    (ext) => contentTypeFor(`x.${ext}`).split(';')[0] === wanted,
  );
  return extension ? TYPE_NAMES[extension] : undefined;
}

const orList = (items: string[]) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} eller ${items.at(-1)}`;

function wrongTypeMessage(name: string, accept: readonly string[]): string {
  const names = accept.map(typeName);
  if (names.every((n) => n !== undefined)) {
    return `Filen ${quoted(name)} är inte en ${orList([...new Set(names)])}. Välj en fil av typen ${orList([...accept])}.`;
  }
  return `Filen ${quoted(name)} är inte av en tillåten typ (${accept.join(', ')}).`;
}

/** 20 000 000 → "20 MB", 1 500 000 → "1,5 MB" (decimal units, Swedish decimal comma). */
function megabytes(bytes: number): string {
  const [value, unit] =
    bytes >= 1e6 ? [bytes / 1e6, 'MB'] : bytes >= 1e3 ? [bytes / 1e3, 'kB'] : [bytes, 'byte'];
  return `${String(Math.round(value * 10) / 10).replace('.', ',')} ${unit}`;
}
