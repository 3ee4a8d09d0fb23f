/**
 * Limits and small pure helpers of result normalization (TOOL-CONTRACT.md §3): UTF-8 sizes and cuts at a
 * character boundary, the JSON caps (depth, keys, items, bytes), and the repair of text PostgreSQL cannot store.
 */
import type { JsonObject, JsonValue, NoticeOutput } from '@skriptoteket/contracts';
import { setOwn, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';

const KIB = 1024;

/** The contract's stored limits; tests pin them. */
export const LIMITS = {
  noticeBytes: 8 * KIB,
  markdownBytes: 64 * KIB,
  htmlBytes: 96 * KIB,
  tableColumns: 40,
  tableRows: 750,
  tableCellBytes: 512,
  jsonBytes: 96 * KIB,
  jsonDepth: 10,
  jsonKeys: 1000,
  jsonItems: 2000,
  vegaLiteBytes: 256 * KIB,
  /** Rows of one inline data set (`values`, or one entry of `datasets`) in a chart. */
  vegaLiteRows: 5000,
  outputs: 50,
  actions: 10,
  fieldsPerAction: 25,
  enumOptions: 100,
  multiEnumOptions: 200,
  stateBytes: 64 * KIB,
  payloadBytes: 256 * KIB,
  errorSummaryChars: 1000,
  /** The harness nests at most this deep; anything deeper is hostile and becomes null. */
  rawDepth: 64,
} as const;

export const SYSTEM_NOTICE_PREFIX = 'System notice: ';

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An own property only: a key such as "constructor" or "__proto__" must never reach Object.prototype. */
export const get = (object: JsonObject, key: string): JsonValue | undefined =>
  Object.hasOwn(object, key) ? object[key] : undefined;

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

export const jsonBytes = (value: unknown): number => utf8Bytes(stringifyJsonExact(value));

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends at a code point boundary. */
export function cutUtf8(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || utf8Bytes(text) <= maxBytes) return text;
  return text.slice(0, prefixLength(text, maxBytes, utf8Size));
}

/** The longest prefix whose JSON string literal (quotes and escapes included) is at most `maxBytes`. */
export function cutJsonString(text: string, maxBytes: number): string {
  return text.slice(0, prefixLength(text, maxBytes - 2, jsonSize));
}

type UnitSize = (code: number, next: number) => [bytes: number, units: number];

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

const utf8Size: UnitSize = (c, next) =>
  c < 0x80 ? [1, 1] : c < 0x800 ? [2, 1] : isHigh(c) && isLow(next) ? [4, 2] : [3, 1];

const jsonSize: UnitSize = (c, next) => {
  if (c === 34 || c === 92 || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) return [2, 1];
  if (c < 32) return [6, 1];
  if (isHigh(c) && isLow(next)) return [4, 2];
  return c >= 0xd800 && c <= 0xdfff ? [6, 1] : utf8Size(c, next);
};

function prefixLength(text: string, budget: number, size: UnitSize): number {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const [add, units] = size(text.charCodeAt(i), text.charCodeAt(i + 1));
    if (bytes + add > budget) break;
    bytes += add;
    i += units;
  }
  return i;
}

/** 80000 → "80 000": sizes in notices are read by people. */
export const fmt = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${fmt(n)} ${n === 1 ? one : many}`;

export const were = (n: number): string => (n === 1 ? 'was' : 'were');

/** A short quoted form of a tool-given string for a notice (never the whole of a hostile 10 MB key). */
export function quote(text: string, maxChars = 40): string {
  const chars = Array.from(text.slice(0, maxChars * 2 + 2));
  return JSON.stringify(chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : text);
}

/** A tool-given value named in a notice: a short quote for text, its kind otherwise. */
export function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return quote(value);
  return value === null || typeof value !== 'object'
    ? String(value)
    : Array.isArray(value)
      ? 'a list'
      : 'an object';
}

export function systemNotice(text: string): NoticeOutput {
  return {
    kind: 'notice',
    level: 'warning',
    message: cutUtf8(SYSTEM_NOTICE_PREFIX + text, LIMITS.noticeBytes),
  };
}

export interface TextRepairs {
  nul: number;
  surrogates: number;
  deep: number;
}

interface WellFormedText {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** NUL removed (PostgreSQL text and JSONB reject it), lone surrogates → U+FFFD (not UTF-8 encodable). */
export function repairText(text: string, repairs: TextRepairs): string {
  let result = text;
  if (result.includes('\u0000')) {
    const parts = result.split('\u0000');
    repairs.nul += parts.length - 1;
    result = parts.join('');
  }
  if (!(result as unknown as WellFormedText).isWellFormed()) {
    repairs.surrogates += result.match(LONE_SURROGATE)?.length ?? 0;
    result = (result as unknown as WellFormedText).toWellFormed();
  }
  return result;
}

/**
 * A fresh copy of untrusted data as plain JsonValue: strings and keys repaired, non-finite numbers → null,
 * undefined/functions/symbols dropped from objects (null in arrays), containers deeper than LIMITS.rawDepth →
 * null. Returns undefined only for a value with no JSON form.
 */
export function sanitizeJson(value: unknown, repairs: TextRepairs, depth = 0): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
      return repairText(value, repairs);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (depth >= LIMITS.rawDepth) {
    repairs.deep++;
    return null;
  }
  if (Array.isArray(value))
    return value.map((item: unknown) => sanitizeJson(item, repairs, depth + 1) ?? null);
  const result: JsonObject = {};
  for (const key of Object.keys(value)) {
    const item = sanitizeJson((value as Record<string, unknown>)[key], repairs, depth + 1);
    if (item !== undefined) setOwn(result, repairText(key, repairs), item);
  }
  return result;
}

export function repairNotes(repairs: TextRepairs): string[] {
  const notes: string[] = [];
  if (repairs.nul > 0)
    notes.push(
      `${plural(repairs.nul, 'NUL character')} (U+0000) ${were(repairs.nul)} removed from the result.`,
    );
  if (repairs.surrogates > 0) {
    notes.push(
      `${plural(repairs.surrogates, 'broken character')} (lone UTF-16 surrogates) ${were(repairs.surrogates)} replaced by U+FFFD.`,
    );
  }
  if (repairs.deep > 0) {
    notes.push(`${plural(repairs.deep, 'value')} nested deeper than ${LIMITS.rawDepth} levels became null.`);
  }
  return notes;
}

export interface JsonCapCounts {
  keys: number;
  items: number;
  deep: number;
}

/**
 * The `json` caps: keys sorted (UTF-16 order), at most LIMITS.jsonKeys per object (the first in that order)
 * and LIMITS.jsonItems per array, containers nested deeper than LIMITS.jsonDepth → null. `level` is the
 * nesting level of `value` itself: 1 for a json output's value, 0 for the state object (its values get 10).
 */
export function capJson(value: JsonValue, level: number, counts: JsonCapCounts): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (level > LIMITS.jsonDepth) {
    counts.deep++;
    return null;
  }
  if (Array.isArray(value)) {
    counts.items += Math.max(0, value.length - LIMITS.jsonItems);
    return value.slice(0, LIMITS.jsonItems).map((item) => capJson(item, level + 1, counts));
  }
  const keys = Object.keys(value).sort();
  counts.keys += Math.max(0, keys.length - LIMITS.jsonKeys);
  const result: JsonObject = {};
  for (const key of keys.slice(0, LIMITS.jsonKeys))
    setOwn(result, key, capJson(value[key]!, level + 1, counts));
  return result;
}

export function capNotes(counts: JsonCapCounts): string[] {
  const notes: string[] = [];
  if (counts.keys > 0)
    notes.push(`${plural(counts.keys, 'key')} dropped (limit ${fmt(LIMITS.jsonKeys)} per object)`);
  if (counts.items > 0) {
    notes.push(`${plural(counts.items, 'item')} dropped (limit ${fmt(LIMITS.jsonItems)} per array)`);
  }
  if (counts.deep > 0) {
    notes.push(
      `${plural(counts.deep, 'value')} nested deeper than ${LIMITS.jsonDepth} levels replaced by null`,
    );
  }
  return notes;
}

/**
 * Fits a value into `maxBytes` of JSON: a string is cut, an array or object keeps its longest fitting prefix
 * (in serialization order). Null when nothing sensible fits (a scalar such as a 100 000-digit integer).
 */
export function fitJson(value: JsonValue, maxBytes: number): { value: JsonValue; bytes: number } | null {
  const bytes = jsonBytes(value);
  if (bytes <= maxBytes) return { value, bytes };
  if (typeof value === 'string') {
    const cut = cutJsonString(value, maxBytes);
    return { value: cut, bytes: jsonBytes(cut) };
  }
  if (value === null || typeof value !== 'object') return null;
  const isArray = Array.isArray(value);
  const keys = isArray ? [] : Object.keys(value);
  const count = isArray ? value.length : keys.length;
  let total = 2;
  let kept = 0;
  for (; kept < count; kept++) {
    const key = keys[kept];
    const size =
      key === undefined
        ? jsonBytes((value as JsonValue[])[kept])
        : utf8Bytes(JSON.stringify(key)) + 1 + jsonBytes((value as JsonObject)[key]);
    const add = size + (kept > 0 ? 1 : 0);
    if (total + add > maxBytes) break;
    total += add;
  }
  if (isArray) return { value: value.slice(0, kept), bytes: total };
  const result: JsonObject = {};
  for (const key of keys.slice(0, kept)) setOwn(result, key, value[key]!);
  return { value: result, bytes: total };
}
