/**
 * The rules for a run's files (TOOL-CONTRACT.md §4, Files), with the message for each problem in both languages.
 * Pure and browser-safe, like the value rules in input-rules.ts: the server applies them to what arrives, the
 * run form before sending.
 */
import { contentTypeFor } from './content-types';
import { fieldTitle, hasControl, isWellFormed, quoted, readSchemaFields } from './input-rules';
import { text, type Text, type TextIssue } from './text';
import type { SchemaField } from './tool-schema';
import type { Locale } from './values';

const MAX_NAME_BYTES = 255;
const utf8 = new TextEncoder();

export interface UploadCandidate {
  name: string;
  bytes: number;
  mimeType?: string;
}

export interface UploadLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
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
