import type { JsonObject, JsonValue, TableOutput, TableRow } from '@skriptoteket/contracts';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';

const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The chart's own title (`"title"` or `{"text"}`), if it has one. */
export function chartTitle(spec: JsonObject): string | null {
  const title = spec['title'];
  const text = isObject(title) ? title['text'] : title;
  if (typeof text === 'string') return text.trim() || null;
  if (Array.isArray(text))
    return (
      text
        .filter((line) => typeof line === 'string')
        .join(' ')
        .trim() || null
    );
  return null;
}

export function chartDescription(spec: JsonObject): string | null {
  const description = spec['description'];
  return typeof description === 'string' && description.trim() ? description.trim() : null;
}

/**
 * The spec as Vega can draw it: integers beyond 2^53 (bigint, kept exact elsewhere) become the nearest number,
 * since Vega's arithmetic cannot mix them with numbers.
 */
export function drawableSpec(spec: JsonObject): Record<string, unknown> {
  return toNumbers(spec) as Record<string, unknown>;
}

function toNumbers(value: JsonValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(toNumbers);
  if (isObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(result, key, { value: toNumbers(item), enumerable: true, writable: true });
    }
    return result;
  }
  return value;
}

/** The first list of row objects the chart draws from: `data.values`, a layer's, or a named data set. */
function firstRows(spec: JsonObject): JsonObject[] | null {
  const candidates: JsonValue[] = [];
  const data = spec['data'];
  if (isObject(data)) candidates.push(data['values'] ?? null);
  const layers = spec['layer'];
  if (Array.isArray(layers))
    for (const layer of layers)
      if (isObject(layer) && isObject(layer['data'])) candidates.push(layer['data']['values'] ?? null);
  const datasets = spec['datasets'];
  if (isObject(datasets)) candidates.push(...Object.values(datasets));
  for (const candidate of candidates) {
    if (Array.isArray(candidate) && candidate.length > 0 && candidate.every(isObject)) return candidate;
  }
  return null;
}

/** The chart's data as a table, the text fallback for people who cannot see the chart. */
export function chartDataTable(spec: JsonObject, title: string): TableOutput | null {
  const rows = firstRows(spec);
  if (!rows) return null;
  const keys: string[] = [];
  for (const row of rows.slice(0, 100))
    for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  const tableRows = rows.map((row) => {
    const cells: TableRow = {};
    for (const key of keys) {
      const cell = row[key];
      if (cell === undefined) continue;
      const value = typeof cell === 'object' && cell !== null ? stringifyJsonExact(cell) : cell;
      Object.defineProperty(cells, key, { value, enumerable: true, writable: true });
    }
    return cells;
  });
  return { kind: 'table', title, columns: keys.map((key) => ({ key, label: key })), rows: tableRows };
}
