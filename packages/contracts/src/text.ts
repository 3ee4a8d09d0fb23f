/**
 * What the server says to a person, in both languages the product speaks. Server code builds messages as
 * `Text` and the HTTP edge renders one language per request, so a message written in one language only does
 * not type-check. Zod-free: the browser imports it through '@skriptoteket/contracts/values'.
 */
import type { Locale } from './values';

export interface Text {
  readonly sv: string;
  readonly en: string;
}

/** `text('Ogiltig sidmarkör.', 'Invalid page cursor.')`: Swedish first, the default language. */
export const text = (sv: string, en: string): Text => ({ sv, en });

/** A problem with one field or file, in both languages; on the wire it is a `FieldIssue` in one. */
export interface TextIssue {
  path: (string | number)[];
  message: Text;
}

export function isText(value: unknown): value is Text {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const { sv, en } = value as Record<string, unknown>;
  return keys.length === 2 && typeof sv === 'string' && typeof en === 'string';
}

/** Replaces every `Text` inside a JSON-like value by its text in `locale`; everything else is kept as is. */
export function renderTexts(value: unknown, locale: Locale): unknown {
  if (isText(value)) return value[locale];
  if (Array.isArray(value)) return value.map((item) => renderTexts(item, locale));
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderTexts(item, locale)]));
}

/**
 * Hints a zod schema gives for a pattern it checks. Zod carries one string per issue, so a schema names its
 * hint by key (`.regex(pattern, hintKey('slug'))`) and the server renders the hint in the reader's language.
 */
export const validationHints = {
  slug: text('Bara a–z, 0–9 och bindestreck mellan ord.', 'Only a–z, 0–9 and hyphens between words.'),
  entrypoint: text(
    'Ett Python-funktionsnamn, till exempel run_tool.',
    'A Python function name, such as run_tool.',
  ),
} satisfies Record<string, Text>;
export type ValidationHint = keyof typeof validationHints;

const HINT_PREFIX = 'hint:';
export const hintKey = (hint: ValidationHint): string => `${HINT_PREFIX}${hint}`;

/** The hint a zod issue message names, or null for zod's own wording. */
export function hintOf(message: string | undefined): Text | null {
  if (!message?.startsWith(HINT_PREFIX)) return null;
  const key = message.slice(HINT_PREFIX.length);
  return Object.hasOwn(validationHints, key) ? validationHints[key as ValidationHint] : null;
}
