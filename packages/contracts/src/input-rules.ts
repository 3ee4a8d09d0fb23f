/**
 * The rules for one submitted value (TOOL-CONTRACT.md §4), with the message for each problem in Swedish and
 * English; the file rules are in upload-rules.ts. Pure and browser-safe: the server normalizer applies them to
 * what arrives, the run form applies the same ones before sending, so a person reads the same words in both.
 */
import { text, type Text } from './text';
import type { FieldOption, SchemaField } from './tool-schema';
import type { JsonValue } from './ui-payload';

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
const isControl = (code: number) => code < 32 || code === 127;
/** C0 controls and DEL (tab and line breaks allowed in text): no place in stored values or file names. */
export function hasControl(text: string, isTextAllowed: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code) && !(isTextAllowed && (code === 9 || code === 10 || code === 13))) return true;
  }
  return false;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

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
