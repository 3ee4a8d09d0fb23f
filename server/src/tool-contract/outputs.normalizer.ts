/**
 * One output of a tool's result → its stored form (TOOL-CONTRACT.md §3, Output kinds). An invalid output is
 * replaced in place by a `System notice: ` warning; a cut or a drop yields a note for the trailing notices.
 */
import type {
  JsonObject,
  JsonValue,
  NoticeLevel,
  TableCell,
  TableColumn,
  TableRow,
  UiOutput,
} from '@skriptoteket/contracts';
import { setOwn } from '@skriptoteket/contracts/json-exact';
import {
  LIMITS,
  capJson,
  capNotes,
  cutUtf8,
  describe,
  fitJson,
  fmt,
  get,
  isObject,
  jsonBytes,
  plural,
  quote,
  systemNotice,
  utf8Bytes,
  type JsonCapCounts,
} from './normalize-helpers';

export interface NormalizedOutput {
  /** Null when the output was dropped (its note says why). */
  output: UiOutput | null;
  /** What was cut or dropped, as the text of a trailing system notice. */
  note: string | null;
}

type KindResult = { output: UiOutput; change?: string } | { invalid: string } | { dropped: string };

const NOTICE_LEVELS = new Set(['info', 'warning', 'error']);

/** `raw` is sanitized JSON (see sanitizeJson); `position` is 1-based in the tool's outputs list. */
export function normalizeOutput(raw: JsonValue, position: number): NormalizedOutput {
  const kind = isObject(raw) ? get(raw, 'kind') : undefined;
  const result = !isObject(raw)
    ? { invalid: 'it is not an object' }
    : kind === undefined || kind === null
      ? { invalid: 'it has no kind' }
      : typeof kind !== 'string'
        ? { invalid: 'its kind is not text' }
        : byKind(kind, raw);
  const name =
    typeof kind === 'string' && Object.hasOwn(KINDS, kind)
      ? `${kind} output ${position}`
      : `output ${position}`;
  if ('invalid' in result) {
    return { output: systemNotice(`${name} was invalid and is not shown: ${result.invalid}.`), note: null };
  }
  if ('dropped' in result) return { output: null, note: `${name} ${result.dropped}.` };
  return { output: result.output, note: result.change ? `${name} ${result.change}.` : null };
}

const KINDS: Record<string, (raw: JsonObject) => KindResult> = {
  notice: normalizeNotice,
  markdown: (raw) => textOutput(raw, 'markdown', LIMITS.markdownBytes),
  html_sandboxed: (raw) => textOutput(raw, 'html', LIMITS.htmlBytes),
  table: normalizeTable,
  json: normalizeJson,
  vega_lite: normalizeVegaLite,
};

function byKind(kind: string, raw: JsonObject): KindResult {
  const normalize = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
  return normalize ? normalize(raw) : { invalid: `unknown kind ${quote(kind)}` };
}

function capText(text: string, maxBytes: number): { text: string; change?: string } {
  const bytes = utf8Bytes(text);
  if (bytes <= maxBytes) return { text };
  const cut = cutUtf8(text, maxBytes);
  return { text: cut, change: `was cut from ${fmt(bytes)} to ${fmt(utf8Bytes(cut))} bytes` };
}

function normalizeNotice(raw: JsonObject): KindResult {
  const level = get(raw, 'level');
  const message = get(raw, 'message');
  if (typeof level !== 'string' || !NOTICE_LEVELS.has(level)) {
    return { invalid: `its level must be info, warning or error (not ${describe(level)})` };
  }
  if (typeof message !== 'string') return { invalid: 'its message is not text' };
  if (message.trim() === '') return { invalid: 'its message is blank' };
  const { text, change } = capText(message.trim(), LIMITS.noticeBytes);
  return { output: { kind: 'notice', level: level as NoticeLevel, message: text }, change };
}

function textOutput(raw: JsonObject, field: 'markdown' | 'html', maxBytes: number): KindResult {
  const value = get(raw, field);
  if (typeof value !== 'string') return { invalid: `its ${field} is not text` };
  if (value === '') return { invalid: `its ${field} is empty` };
  const { text, change } = capText(value, maxBytes);
  const output: UiOutput =
    field === 'markdown' ? { kind: 'markdown', markdown: text } : { kind: 'html_sandboxed', html: text };
  return { output, change };
}

/** A title is optional: null or blank means none; anything but text makes the output invalid. */
function readTitle(raw: JsonObject): { title?: string } | { invalid: string } {
  const title = get(raw, 'title');
  if (title === undefined || title === null) return {};
  if (typeof title !== 'string') return { invalid: 'its title is not text' };
  return title.trim() === '' ? {} : { title: title.trim() };
}

function normalizeTable(raw: JsonObject): KindResult {
  const title = readTitle(raw);
  if ('invalid' in title) return title;
  const columnsRaw = get(raw, 'columns');
  const rowsRaw = get(raw, 'rows');
  if (!Array.isArray(columnsRaw)) return { invalid: 'its columns are not a list' };
  if (columnsRaw.length === 0) return { invalid: 'it has no columns' };
  if (!Array.isArray(rowsRaw)) return { invalid: 'its rows are not a list' };
  const columns: TableColumn[] = [];
  for (const [index, column] of columnsRaw.slice(0, LIMITS.tableColumns).entries()) {
    const key = isObject(column) ? get(column, 'key') : undefined;
    const label = isObject(column) ? (get(column, 'label') ?? key) : undefined;
    if (typeof key !== 'string' || key.trim() === '') return { invalid: `column ${index + 1} has no key` };
    if (typeof label !== 'string') return { invalid: `column ${quote(key)} has a label that is not text` };
    if (columns.some((c) => c.key === key)) return { invalid: `the column key ${quote(key)} is used twice` };
    columns.push({ key, label: label.trim() });
  }
  const declared = new Set(columnsRaw.map((c) => (isObject(c) ? get(c, 'key') : null)));
  let cutCells = 0;
  let undeclared = 0;
  const rows: TableRow[] = [];
  for (const [index, row] of rowsRaw.slice(0, LIMITS.tableRows).entries()) {
    if (!isObject(row)) return { invalid: `row ${index + 1} is not an object` };
    const rebuilt: TableRow = {};
    for (const { key } of columns) {
      if (!Object.hasOwn(row, key)) continue;
      let cell = row[key] as JsonValue;
      if (cell !== null && typeof cell === 'object') {
        return {
          invalid: `row ${index + 1}, column ${quote(key)} holds a list or object (cells must be text, numbers, true/false or null)`,
        };
      }
      if (typeof cell === 'string' && utf8Bytes(cell) > LIMITS.tableCellBytes) {
        cell = cutUtf8(cell, LIMITS.tableCellBytes);
        cutCells++;
      }
      setOwn(rebuilt, key, cell satisfies TableCell);
    }
    undeclared += Object.keys(row).filter((key) => !declared.has(key)).length;
    rows.push(rebuilt);
  }
  const notes: string[] = [];
  if (columnsRaw.length > columns.length) {
    notes.push(
      `${fmt(columnsRaw.length - columns.length)} of ${plural(columnsRaw.length, 'column')} dropped (limit ${LIMITS.tableColumns})`,
    );
  }
  if (rowsRaw.length > rows.length) {
    notes.push(
      `${fmt(rowsRaw.length - rows.length)} of ${plural(rowsRaw.length, 'row')} dropped (limit ${LIMITS.tableRows})`,
    );
  }
  if (cutCells > 0) notes.push(`${plural(cutCells, 'cell')} cut to ${LIMITS.tableCellBytes} bytes`);
  if (undeclared > 0) notes.push(`${plural(undeclared, 'cell')} of undeclared columns dropped`);
  return {
    output: { kind: 'table', ...title, columns, rows },
    change: notes.length > 0 ? `was cut: ${notes.join('; ')}` : undefined,
  };
}

function normalizeJson(raw: JsonObject): KindResult {
  const title = readTitle(raw);
  if ('invalid' in title) return title;
  if (!Object.hasOwn(raw, 'value')) return { invalid: 'it has no value' };
  const counts: JsonCapCounts = { keys: 0, items: 0, deep: 0 };
  const capped = capJson(raw['value']!, 1, counts);
  const before = jsonBytes(capped);
  const fitted = fitJson(capped, LIMITS.jsonBytes);
  if (!fitted)
    return { dropped: `was dropped: its value is ${fmt(before)} bytes (limit ${fmt(LIMITS.jsonBytes)})` };
  const notes = capNotes(counts);
  if (fitted.bytes < before) {
    notes.push(`cut from ${fmt(before)} to ${fmt(fitted.bytes)} bytes (limit ${fmt(LIMITS.jsonBytes)})`);
  }
  return {
    output: { kind: 'json', ...title, value: fitted.value },
    change: notes.length > 0 ? `was cut: ${notes.join('; ')}` : undefined,
  };
}

function normalizeVegaLite(raw: JsonObject): KindResult {
  const spec = get(raw, 'spec');
  if (!isObject(spec)) return { invalid: 'its spec is not an object' };
  const cuts: DataCuts = { remote: 0, rows: 0, rowsBefore: 0 };
  const inline = inlineDataOnly(spec, cuts) as JsonObject;
  const bytes = jsonBytes(inline);
  if (bytes > LIMITS.vegaLiteBytes) {
    return { dropped: `was dropped: its spec is ${fmt(bytes)} bytes (limit ${fmt(LIMITS.vegaLiteBytes)})` };
  }
  const notes: string[] = [];
  if (cuts.remote > 0) {
    notes.push(
      `had ${plural(cuts.remote, 'remote data source')} (data with a url) replaced by empty inline data; charts may only use inline data`,
    );
  }
  if (cuts.rows > 0) {
    notes.push(
      `had ${fmt(cuts.rows)} of ${plural(cuts.rowsBefore, 'data row')} dropped (limit ${fmt(LIMITS.vegaLiteRows)} rows per data set)`,
    );
  }
  return {
    output: { kind: 'vega_lite', spec: inline },
    change: notes.length > 0 ? notes.join('; ') : undefined,
  };
}

/** What `inlineDataOnly` changed: remote sources replaced, rows dropped of how many in the cut data sets. */
interface DataCuts {
  remote: number;
  rows: number;
  rowsBefore: number;
}

/**
 * Every `data` (anywhere in the spec, also a Vega-style list of them) that has a `url` → `{values: []}`; every
 * inline data set (a `data`'s `values`, an entry of `datasets`) cut to its first rows.
 */
function inlineDataOnly(value: JsonValue, cuts: DataCuts): JsonValue {
  if (Array.isArray(value)) return value.map((item) => inlineDataOnly(item, cuts));
  if (!isObject(value)) return value;
  const result: JsonObject = {};
  for (const key of Object.keys(value)) {
    let item = value[key] as JsonValue;
    if (key === 'data') {
      item = Array.isArray(item)
        ? item.map((source) => inlineSource(source, cuts))
        : inlineSource(item, cuts);
    } else if (key === 'datasets' && isObject(item)) {
      const sets: JsonObject = {};
      for (const name of Object.keys(item)) setOwn(sets, name, capRows(item[name] as JsonValue, cuts));
      item = sets;
    }
    setOwn(result, key, inlineDataOnly(item, cuts));
  }
  return result;
}

function inlineSource(source: JsonValue, cuts: DataCuts): JsonValue {
  if (!isObject(source)) return source;
  if (Object.hasOwn(source, 'url')) {
    cuts.remote++;
    const name = get(source, 'name');
    return typeof name === 'string' ? { name, values: [] } : { values: [] };
  }
  if (!Object.hasOwn(source, 'values')) return source;
  const capped: JsonObject = {};
  for (const key of Object.keys(source)) {
    const item = source[key] as JsonValue;
    setOwn(capped, key, key === 'values' ? capRows(item, cuts) : item);
  }
  return capped;
}

function capRows(values: JsonValue, cuts: DataCuts): JsonValue {
  if (!Array.isArray(values) || values.length <= LIMITS.vegaLiteRows) return values;
  cuts.rows += values.length - LIMITS.vegaLiteRows;
  cuts.rowsBefore += values.length;
  return values.slice(0, LIMITS.vegaLiteRows);
}
