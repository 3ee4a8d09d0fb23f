/**
 * The rules for one submitted value and for a run's files (TOOL-CONTRACT.md §4), with the Swedish message for
 * each problem. Pure and browser-safe: the server normalizer applies them to what arrives, the run form
 * applies the same ones before sending, so a person reads the same words in both places.
 */
import { contentTypeFor } from './content-types';
import { text, type Text, type TextIssue } from './text';
import type { FieldOption, SchemaField } from './tool-schema';
import type { Locale } from './values';
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
export type FieldCoercion = { value: JsonValue } | { absent: true } | { error: Text };

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

export const requiredFieldMessage = (field: Pick<SchemaField, 'label' | 'name'>): Text =>
  text(
    `Fältet ${fieldTitle(field)} är obligatoriskt. Fyll i det.`,
    `The field ${fieldTitle(field)} is required. Fill it in.`,
  );

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
        error: text(
          `Fältet ${title} innehåller tecken som inte är tillåtna. Ta bort dem och försök igen.`,
          `The field ${title} contains characters that are not allowed. Remove them and try again.`,
        ),
      };
    }
  }
  switch (field.kind) {
    case 'string':
    case 'text':
      return typeof raw === 'string'
        ? { value: raw }
        : { error: text(`Fältet ${title} ska vara text.`, `The field ${title} must be text.`) };
    case 'integer':
      if (typeof raw === 'number' && Number.isInteger(raw)) return { value: exactInteger(BigInt(raw)) };
      if (typeof raw === 'bigint') return { value: exactInteger(raw) };
      if (typeof raw === 'string' && INTEGER_TEXT.test(raw)) return { value: exactInteger(BigInt(raw)) };
      return {
        error: text(
          `Fältet ${title} ska vara ett heltal, till exempel 12.`,
          `The field ${title} must be a whole number, such as 12.`,
        ),
      };
    case 'number': {
      const written = typeof raw === 'string' && raw.length <= MAX_NUMBER_TEXT ? raw : '';
      const n = NUMBER_TEXT.test(written) ? Number(written) : raw;
      if (typeof n === 'number' && Number.isFinite(n)) return { value: n === 0 ? 0 : n };
      if (typeof n === 'bigint') return { value: exactInteger(n) };
      return {
        error: text(
          `Fältet ${title} ska vara ett tal, till exempel 3.5 (med punkt som decimaltecken).`,
          `The field ${title} must be a number, such as 3.5 (with a point as the decimal separator).`,
        ),
      };
    }
    case 'boolean': {
      const word = typeof raw === 'string' ? raw.toLowerCase() : null;
      if (typeof raw === 'boolean') return { value: raw };
      if (word !== null && TRUE_WORDS.has(word)) return { value: true };
      if (word !== null && FALSE_WORDS.has(word)) return { value: false };
      return {
        error: text(
          `Fältet ${title} ska vara sant eller falskt (true eller false).`,
          `The field ${title} must be true or false.`,
        ),
      };
    }
    case 'enum':
      return typeof raw === 'string' && hasOption(field.options, raw)
        ? { value: raw }
        : { error: notAnOption(title, raw, field.options) };
    case 'multi_enum':
      return coerceMany(field, raw, title);
    default:
      return {
        error: text(
          `Fältet ${title} har en typ som inte kan fyllas i här.`,
          `The field ${title} has a kind that cannot be filled in here.`,
        ),
      };
  }
}

const hasOption = (options: FieldOption[] | undefined, value: string) =>
  (options ?? []).some((o) => o.value === value);

function notAnOption(title: string, raw: unknown, options: FieldOption[] | undefined): Text {
  const allowed = (options ?? []).slice(0, 10).map((o) => quoted(o.value, 30));
  const list = `${allowed.join(', ')}${(options ?? []).length > 10 ? ', …' : ''}`;
  const shown = typeof raw === 'string' ? ` ${quoted(raw)}` : '';
  return text(
    `Värdet${shown} finns inte bland alternativen för fältet ${title}. Välj ett av: ${list}.`,
    `The value${shown} is not one of the options for the field ${title}. Choose one of: ${list}.`,
  );
}

/** A list of option values; duplicates and blanks are left out, the rest kept in the options' order. */
function coerceMany(field: SchemaField, raw: unknown, title: string): FieldCoercion {
  const notAList = text(
    `Fältet ${title} ska vara en lista med val.`,
    `The field ${title} must be a list of choices.`,
  );
  if (!Array.isArray(raw)) return { error: notAList };
  const picked = new Set<string>();
  for (const item of raw as unknown[]) {
    if (item === null || item === undefined || (typeof item === 'string' && item.trim() === '')) continue;
    if (typeof item !== 'string') return { error: notAList };
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
): { files: T[] } | { issues: TextIssue[] } {
  const field = readSchemaFields(schema).find((f) => f.kind === 'file');
  if (!field) {
    return files.length === 0
      ? { files: [] }
      : {
          issues: [
            {
              path: ['files'],
              message: text(
                'Verktyget tar inte emot filer. Ta bort filerna och försök igen.',
                'The tool does not take files. Remove the files and try again.',
              ),
            },
          ],
        };
  }
  const title = fieldTitle(field);
  const { min, max } = fileCountBounds(field);
  const issues: TextIssue[] = [];
  if (files.length < min) {
    issues.push({
      path: ['files'],
      message:
        min === 1
          ? text(`Välj en fil för ${title}.`, `Choose a file for ${title}.`)
          : text(`Välj minst ${min} filer för ${title}.`, `Choose at least ${min} files for ${title}.`),
    });
  }
  if (files.length > limits.maxFiles) {
    issues.push({
      path: ['files'],
      message: text(
        `Du kan skicka högst ${limits.maxFiles} filer per körning.`,
        `You can send at most ${limits.maxFiles} files per run.`,
      ),
    });
  } else if (files.length > max) {
    issues.push({
      path: ['files'],
      message:
        max === 1
          ? text(`Välj bara en fil för ${title}.`, `Choose only one file for ${title}.`)
          : text(`Välj högst ${max} filer för ${title}.`, `Choose at most ${max} files for ${title}.`),
    });
  }
  const accept = field.accept ?? [];
  const seen = new Set<string>();
  let total = 0;
  const checked = files.map((file, index) => {
    const name = typeof file.name === 'string' ? file.name.trim() : '';
    const problem =
      nameProblem(name) ??
      (seen.has(name)
        ? text(
            `Två filer heter ${quoted(name)}. Byt namn på den ena och försök igen.`,
            `Two files are called ${quoted(name)}. Rename one of them and try again.`,
          )
        : null);
    seen.add(name);
    const sizeProblem =
      !Number.isSafeInteger(file.bytes) || file.bytes < 0
        ? text(
            `Filen ${quoted(name)} kunde inte läsas. Försök igen.`,
            `The file ${quoted(name)} could not be read. Try again.`,
          )
        : file.bytes > limits.maxFileBytes
          ? text(
              `Filen ${quoted(name)} är för stor. Högst ${megabytes(limits.maxFileBytes, 'sv')} per fil.`,
              `The file ${quoted(name)} is too large. At most ${megabytes(limits.maxFileBytes, 'en')} per file.`,
            )
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
      message: text(
        `Filerna är för stora tillsammans. Högst ${megabytes(limits.maxTotalBytes, 'sv')} per körning.`,
        `The files are too large together. At most ${megabytes(limits.maxTotalBytes, 'en')} per run.`,
      ),
    });
  }
  return issues.length > 0 ? { issues } : { files: checked };
}

function nameProblem(name: string): Text | null {
  const shown = quoted(name);
  if (name === '')
    return text(
      'En fil saknar namn. Byt namn på filen och försök igen.',
      'A file has no name. Rename the file and try again.',
    );
  if (name === '.' || name === '..')
    return text(
      `Filnamnet ${shown} är inte tillåtet. Byt namn på filen.`,
      `The file name ${shown} is not allowed. Rename the file.`,
    );
  if (name.includes('/') || name.includes('\\')) {
    return text(
      `Filnamnet ${shown} får inte innehålla / eller \\. Ange bara filens namn.`,
      `The file name ${shown} must not contain / or \\. Give only the file's name.`,
    );
  }
  if (hasControl(name, false) || !isWellFormed(name)) {
    return text(
      `Filnamnet ${shown} innehåller tecken som inte är tillåtna.`,
      `The file name ${shown} contains characters that are not allowed.`,
    );
  }
  if (utf8.encode(name).length > MAX_NAME_BYTES) {
    return text(
      `Filnamnet ${shown} är för långt (högst ${MAX_NAME_BYTES} byte). Korta namnet och försök igen.`,
      `The file name ${shown} is too long (at most ${MAX_NAME_BYTES} bytes). Shorten it and try again.`,
    );
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
const TYPE_NAMES: Record<string, Text> = {
  xlsx: text('Excel-fil', 'Excel file'),
  xls: text('Excel-fil', 'Excel file'),
  xlsm: text('Excel-fil', 'Excel file'),
  csv: text('CSV-fil', 'CSV file'),
  txt: text('textfil', 'text file'),
  md: text('Markdown-fil', 'Markdown file'),
  json: text('JSON-fil', 'JSON file'),
  html: text('HTML-fil', 'HTML file'),
  pdf: text('PDF-fil', 'PDF file'),
  docx: text('Word-fil', 'Word file'),
  doc: text('Word-fil', 'Word file'),
  pptx: text('PowerPoint-fil', 'PowerPoint file'),
  odt: text('OpenDocument-text', 'OpenDocument text'),
  ods: text('OpenDocument-kalkylark', 'OpenDocument spreadsheet'),
  png: text('PNG-bild', 'PNG image'),
  jpg: text('JPEG-bild', 'JPEG image'),
  jpeg: text('JPEG-bild', 'JPEG image'),
  svg: text('SVG-bild', 'SVG image'),
  zip: text('zip-fil', 'zip file'),
  'image/*': text('bild', 'image'),
};

function typeName(entry: string): Text | undefined {
  const wanted = entry.trim().toLowerCase();
  if (!wanted.includes('/')) return TYPE_NAMES[wanted.replace(/^\./, '')];
  if (TYPE_NAMES[wanted]) return TYPE_NAMES[wanted];
  const extension = Object.keys(TYPE_NAMES).find(
    (ext) => contentTypeFor(`x.${ext}`).split(';')[0] === wanted,
  );
  return extension ? TYPE_NAMES[extension] : undefined;
}

const orList = (items: string[], or: string) =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${or} ${items.at(-1)}`;

function wrongTypeMessage(name: string, accept: readonly string[]): Text {
  const names = accept.map(typeName);
  const shown = quoted(name);
  if (names.every((n): n is Text => n !== undefined)) {
    const kinds = (locale: Locale) =>
      orList([...new Set(names.map((n) => n[locale]))], locale === 'sv' ? 'eller' : 'or');
    const article = /^[aeiou]/i.test(kinds('en')) ? 'an' : 'a';
    return text(
      `Filen ${shown} är inte en ${kinds('sv')}. Välj en fil av typen ${orList([...accept], 'eller')}.`,
      `The file ${shown} is not ${article} ${kinds('en')}. Choose a file of the type ${orList([...accept], 'or')}.`,
    );
  }
  return text(
    `Filen ${shown} är inte av en tillåten typ (${accept.join(', ')}).`,
    `The file ${shown} is not of an allowed type (${accept.join(', ')}).`,
  );
}

/** 20 000 000 → "20 MB", 1 500 000 → "1,5 MB" in Swedish and "1.5 MB" in English (decimal units). */
function megabytes(bytes: number, locale: Locale): string {
  const [value, unit] =
    bytes >= 1e6
      ? [bytes / 1e6, 'MB']
      : bytes >= 1e3
        ? [bytes / 1e3, 'kB']
        : [bytes, locale === 'sv' ? 'byte' : 'bytes'];
  const number = String(Math.round(value * 10) / 10);
  return `${locale === 'sv' ? number.replace('.', ',') : number} ${unit}`;
}
