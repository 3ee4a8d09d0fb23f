import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@skriptoteket/contracts';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { sanitizeJson, utf8Bytes } from './normalize-helpers';
import { normalizeOutput } from './outputs.normalizer';

const normalize = (raw: unknown, position = 1) =>
  normalizeOutput(sanitizeJson(raw, { nul: 0, surrogates: 0, deep: 0 }) as JsonValue, position);

const invalid = (message: string) => ({
  output: { kind: 'notice', level: 'warning', message: `System notice: ${message}` },
  note: null,
});

describe('invalid outputs are replaced in place by a warning', () => {
  it.each([
    ['a string', 'x', 'output 2 was invalid and is not shown: it is not an object.'],
    ['a list', [], 'output 2 was invalid and is not shown: it is not an object.'],
    ['no kind', { markdown: 'x' }, 'output 2 was invalid and is not shown: it has no kind.'],
    ['a non-text kind', { kind: 5 }, 'output 2 was invalid and is not shown: its kind is not text.'],
    ['an unknown kind', { kind: 'chart' }, 'output 2 was invalid and is not shown: unknown kind "chart".'],
    [
      'a prototype key as kind',
      { kind: 'toString' },
      'output 2 was invalid and is not shown: unknown kind "toString".',
    ],
    [
      'a blank notice',
      { kind: 'notice', level: 'info', message: ' \n ' },
      'notice output 2 was invalid and is not shown: its message is blank.',
    ],
    [
      'a notice without text',
      { kind: 'notice', level: 'info', message: 5 },
      'notice output 2 was invalid and is not shown: its message is not text.',
    ],
    [
      'a bad level',
      { kind: 'notice', level: 'debug', message: 'x' },
      'notice output 2 was invalid and is not shown: its level must be info, warning or error (not "debug").',
    ],
    [
      'a missing level',
      { kind: 'notice', message: 'x' },
      'notice output 2 was invalid and is not shown: its level must be info, warning or error (not missing).',
    ],
    [
      'empty markdown',
      { kind: 'markdown', markdown: '' },
      'markdown output 2 was invalid and is not shown: its markdown is empty.',
    ],
    [
      'markdown that is not text',
      { kind: 'markdown', markdown: ['x'] },
      'markdown output 2 was invalid and is not shown: its markdown is not text.',
    ],
    [
      'empty html',
      { kind: 'html_sandboxed', html: '' },
      'html_sandboxed output 2 was invalid and is not shown: its html is empty.',
    ],
    [
      'a spec that is not an object',
      { kind: 'vega_lite', spec: [] },
      'vega_lite output 2 was invalid and is not shown: its spec is not an object.',
    ],
    [
      'json without value',
      { kind: 'json', title: 'T' },
      'json output 2 was invalid and is not shown: it has no value.',
    ],
    [
      'a title that is not text',
      { kind: 'json', title: 1, value: 1 },
      'json output 2 was invalid and is not shown: its title is not text.',
    ],
  ])('%s', (_, raw, message) => {
    expect(normalize(raw, 2)).toStrictEqual(invalid(message));
  });
});

describe('text outputs', () => {
  it('keep a notice stripped, and other keys out', () => {
    expect(normalize({ kind: 'notice', level: 'error', message: '  Klart.  ', extra: 1 })).toStrictEqual({
      output: { kind: 'notice', level: 'error', message: 'Klart.' },
      note: null,
    });
  });

  it('cut a notice to 8 KiB', () => {
    const result = normalize({ kind: 'notice', level: 'info', message: 'x'.repeat(9000) }, 3);
    expect(result.output).toStrictEqual({ kind: 'notice', level: 'info', message: 'x'.repeat(8192) });
    expect(result.note).toBe('notice output 3 was cut from 9 000 to 8 192 bytes.');
  });

  it('cut markdown of 80 000 bytes to 65 536 bytes (contract example 10)', () => {
    const result = normalize({ kind: 'markdown', markdown: '#'.repeat(80_000) });
    expect(result.output).toStrictEqual({ kind: 'markdown', markdown: '#'.repeat(65_536) });
    expect(result.note).toBe('markdown output 1 was cut from 80 000 to 65 536 bytes.');
  });

  it('cut at a character boundary: å is 2 bytes, an emoji 4', () => {
    const å = normalize({ kind: 'markdown', markdown: `a${'å'.repeat(40_000)}` });
    expect(å.output).toStrictEqual({ kind: 'markdown', markdown: `a${'å'.repeat(32_767)}` });
    expect(å.note).toBe('markdown output 1 was cut from 80 001 to 65 535 bytes.');
    const emoji = normalize({ kind: 'html_sandboxed', html: `ab${'😀'.repeat(30_000)}` });
    expect(emoji.output).toStrictEqual({ kind: 'html_sandboxed', html: `ab${'😀'.repeat(24_575)}` });
    expect(emoji.note).toBe('html_sandboxed output 1 was cut from 120 002 to 98 302 bytes.');
  });

  it('keep text exactly at the limit', () => {
    expect(normalize({ kind: 'html_sandboxed', html: 'x'.repeat(98_304) }).note).toBeNull();
    expect(normalize({ kind: 'markdown', markdown: ' ' })).toStrictEqual({
      output: { kind: 'markdown', markdown: ' ' },
      note: null,
    });
  });

  it('cut a 10 MB string quickly', () => {
    const started = performance.now();
    const result = normalize({ kind: 'markdown', markdown: 'y'.repeat(10_000_000) });
    expect(result.note).toBe('markdown output 1 was cut from 10 000 000 to 65 536 bytes.');
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('table', () => {
  const columns = [
    { key: 'name', label: ' Namn ' },
    { key: 'age', label: 'Ålder' },
  ];

  it('rebuilds rows in column order, leaves absent cells absent and reports undeclared ones', () => {
    const result = normalize({
      kind: 'table',
      title: '  Elever ',
      columns,
      rows: [
        { age: 9, name: 'Ada', shoe: 38 },
        { name: 'Bo', x: 1, y: 2 },
        { age: 12345678901234567890n, name: null },
        { name: true },
      ],
    });
    expect(result.output).toStrictEqual({
      kind: 'table',
      title: 'Elever',
      columns: [
        { key: 'name', label: 'Namn' },
        { key: 'age', label: 'Ålder' },
      ],
      rows: [
        { name: 'Ada', age: 9 },
        { name: 'Bo' },
        { name: null, age: 12345678901234567890n },
        { name: true },
      ],
    });
    expect(Object.keys((result.output as { rows: object[] }).rows[0]!)).toStrictEqual(['name', 'age']);
    expect(result.note).toBe('table output 1 was cut: 3 cells of undeclared columns dropped.');
  });

  it('uses the key as label when there is none, and drops a blank title', () => {
    expect(normalize({ kind: 'table', title: ' ', columns: [{ key: 'k' }], rows: [] }).output).toStrictEqual({
      kind: 'table',
      columns: [{ key: 'k', label: 'k' }],
      rows: [],
    });
  });

  it('keeps 40 columns and 750 rows and cuts string cells to 512 bytes at a character boundary', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({ key: `c${i}`, label: `C${i}` }));
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      c0: i,
      c1: i === 0 ? `a${'å'.repeat(300)}` : 'x',
      c44: 1,
    }));
    const result = normalize({ kind: 'table', columns: many, rows }, 4);
    const table = result.output as { columns: unknown[]; rows: Record<string, unknown>[] };
    expect(table.columns).toHaveLength(40);
    expect(table.rows).toHaveLength(750);
    expect(table.rows[0]).toStrictEqual({ c0: 0, c1: `a${'å'.repeat(255)}` });
    expect(utf8Bytes(table.rows[0]!['c1'] as string)).toBe(511);
    expect(table.rows[749]).toStrictEqual({ c0: 749, c1: 'x' });
    expect(result.note).toBe(
      'table output 4 was cut: 5 of 45 columns dropped (limit 40); 250 of 1 000 rows dropped (limit 750); 1 cell cut to 512 bytes.',
    );
  });

  it.each([
    ['no columns', { columns: [], rows: [] }, 'it has no columns'],
    ['columns that are not a list', { columns: {}, rows: [] }, 'its columns are not a list'],
    ['rows that are not a list', { columns, rows: null }, 'its rows are not a list'],
    ['a column without key', { columns: [{ label: 'x' }], rows: [] }, 'column 1 has no key'],
    ['a blank key', { columns: [{ key: ' ', label: 'x' }], rows: [] }, 'column 1 has no key'],
    [
      'a label that is not text',
      { columns: [{ key: 'a', label: 1 }], rows: [] },
      'column "a" has a label that is not text',
    ],
    [
      'a duplicate key',
      { columns: [...columns, { key: 'age', label: 'Igen' }], rows: [] },
      'the column key "age" is used twice',
    ],
    ['a row that is not an object', { columns, rows: [{}, [1]] }, 'row 2 is not an object'],
    [
      'a nested cell',
      { columns, rows: [{ name: 'a' }, { name: { first: 'b' } }] },
      'row 2, column "name" holds a list or object (cells must be text, numbers, true/false or null)',
    ],
    [
      'a list cell',
      { columns, rows: [{ age: [1] }] },
      'row 1, column "age" holds a list or object (cells must be text, numbers, true/false or null)',
    ],
  ])('is invalid with %s', (_, fields, reason) => {
    expect(normalize({ kind: 'table', ...fields })).toStrictEqual(
      invalid(`table output 1 was invalid and is not shown: ${reason}.`),
    );
  });

  it('ignores nested values in cells that are not stored', () => {
    const result = normalize({ kind: 'table', columns, rows: [{ name: 'a', other: { x: 1 } }] });
    expect(result.output).toStrictEqual({
      kind: 'table',
      columns: [
        { key: 'name', label: 'Namn' },
        { key: 'age', label: 'Ålder' },
      ],
      rows: [{ name: 'a' }],
    });
  });

  it('handles "__proto__" and "constructor" column keys as plain data', () => {
    const raw = parseJsonExact(
      '{"kind":"table","columns":[{"key":"__proto__","label":"P"},{"key":"constructor","label":"C"}],"rows":[{"__proto__":"x"},{}]}',
    );
    const result = normalize(raw);
    expect(stringifyJsonExact(result.output)).toBe(
      '{"kind":"table","columns":[{"key":"__proto__","label":"P"},{"key":"constructor","label":"C"}],"rows":[{"__proto__":"x"},{}]}',
    );
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });
});

describe('json', () => {
  it('stores contract example 6 as {"s":[1,2,3],"t":[1,2]}', () => {
    // The harness turned {"s":{3,1,2},"t":(1,2),1:"x"} into this (Python side); the host sorts the keys.
    const raw = parseJsonExact('{"kind":"json","value":{"t":[1,2],"s":[1,2,3]}}');
    expect(stringifyJsonExact(normalize(raw).output)).toBe('{"kind":"json","value":{"s":[1,2,3],"t":[1,2]}}');
  });

  it('sorts keys at every level (contract example 6: what the harness wrote, stored sorted)', () => {
    const raw = parseJsonExact(
      '{"kind":"json","value":{"t":[1,2],"s":[1,2,3],"a":{"z":1,"b":{"y":2,"c":3}}}}',
    );
    const result = normalize(raw);
    expect(stringifyJsonExact(result.output)).toBe(
      '{"kind":"json","value":{"a":{"b":{"c":3,"y":2},"z":1},"s":[1,2,3],"t":[1,2]}}',
    );
    expect(result.note).toBeNull();
  });

  it('keeps null as a value and a trimmed title', () => {
    expect(normalize({ kind: 'json', title: ' Data ', value: null }).output).toStrictEqual({
      kind: 'json',
      title: 'Data',
      value: null,
    });
  });

  it('applies depth, keys and items caps and reports them', () => {
    const deep: JsonValue = [[[[[[[[[[[1]]]]]]]]]]];
    const object = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${1000 + i}`, i]));
    const result = normalize(
      { kind: 'json', value: { deep, object, list: Array.from({ length: 2001 }, () => 0) } },
      2,
    );
    const value = (result.output as { value: Record<string, unknown> }).value;
    expect(value['deep']).toStrictEqual([[[[[[[[[null]]]]]]]]]);
    expect(Object.keys(value['object'] as object)).toHaveLength(1000);
    expect((value['object'] as Record<string, unknown>)['k2000']).toBeUndefined();
    expect(value['list']).toHaveLength(2000);
    expect(result.note).toBe(
      'json output 2 was cut: 1 key dropped (limit 1 000 per object); 1 item dropped (limit 2 000 per array); 1 value nested deeper than 10 levels replaced by null.',
    );
  });

  it('cuts to 96 KiB by keeping the longest prefix of the top level', () => {
    const list = Array.from({ length: 2000 }, (_, i) => `${String(i).padStart(4, '0')}${'x'.repeat(95)}`);
    const result = normalize({ kind: 'json', value: list });
    const kept = (result.output as { value: string[] }).value;
    expect(kept).toHaveLength(963); // 1 + 102 × 963 bytes ≤ 98 304 < 1 + 102 × 964
    expect(utf8Bytes(stringifyJsonExact(kept))).toBe(98_227);
    expect(result.note).toBe('json output 1 was cut: cut from 204 001 to 98 227 bytes (limit 98 304).');
  });

  it('cuts a long string value to 96 KiB serialized', () => {
    const result = normalize({ kind: 'json', value: 'å'.repeat(60_000) });
    expect((result.output as { value: string }).value).toBe('å'.repeat(49_151));
    expect(result.note).toBe('json output 1 was cut: cut from 120 002 to 98 304 bytes (limit 98 304).');
  });

  it('drops a value that cannot be cut to fit', () => {
    const huge = 10n ** 100_000n;
    expect(normalize({ kind: 'json', value: huge }, 5)).toStrictEqual({
      output: null,
      note: 'json output 5 was dropped: its value is 100 001 bytes (limit 98 304).',
    });
  });
});

describe('vega_lite', () => {
  it('keeps a spec with inline data unchanged', () => {
    const spec = { mark: 'bar', data: { values: [{ a: 1, url: 'https://x.test' }] }, encoding: {} };
    expect(normalize({ kind: 'vega_lite', spec })).toStrictEqual({
      output: { kind: 'vega_lite', spec },
      note: null,
    });
  });

  it('replaces every data with a url, anywhere in the spec, by empty inline data and reports it', () => {
    const spec = {
      data: { url: 'https://evil.test/a.csv', format: { type: 'csv' } },
      layer: [{ data: { name: 'n', url: 'data/b.json' } }, { data: { values: [1] } }],
      transform: [{ lookup: 'id', from: { data: { url: 'https://evil.test/c.json' }, key: 'id' } }],
      datasets: { own: [{ a: 1 }] },
      vega: {
        data: [
          { name: 'v', url: 'x' },
          { name: 'w', values: [] },
        ],
      },
    };
    const result = normalize({ kind: 'vega_lite', spec }, 6);
    expect(result.output).toStrictEqual({
      kind: 'vega_lite',
      spec: {
        data: { values: [] },
        layer: [{ data: { name: 'n', values: [] } }, { data: { values: [1] } }],
        transform: [{ lookup: 'id', from: { data: { values: [] }, key: 'id' } }],
        datasets: { own: [{ a: 1 }] },
        vega: {
          data: [
            { name: 'v', values: [] },
            { name: 'w', values: [] },
          ],
        },
      },
    });
    expect(result.note).toBe(
      'vega_lite output 6 had 4 remote data sources (data with a url) replaced by empty inline data; charts may only use inline data.',
    );
  });

  it('drops a spec over 256 KiB', () => {
    const spec = {
      data: { values: Array.from({ length: 3_000 }, (_, i) => ({ v: i, text: 'x'.repeat(90) })) },
    };
    expect(normalize({ kind: 'vega_lite', spec }, 2)).toStrictEqual({
      output: null,
      note: 'vega_lite output 2 was dropped: its spec is 331 911 bytes (limit 262 144).',
    });
  });

  it('keeps the first 5 000 rows of every inline data set and says how many were dropped', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ v: i }));
    const spec = {
      data: { values: rows(6_000), format: { type: 'json' } },
      datasets: { small: rows(3), big: rows(5_001) },
      layer: [{ data: { name: 'exact', values: rows(5_000) } }, { data: { values: 'a,b\n1,2' } }],
    };
    const result = normalize({ kind: 'vega_lite', spec }, 3);
    expect(result.output).toStrictEqual({
      kind: 'vega_lite',
      spec: {
        data: { values: rows(5_000), format: { type: 'json' } },
        datasets: { small: rows(3), big: rows(5_000) },
        layer: [{ data: { name: 'exact', values: rows(5_000) } }, { data: { values: 'a,b\n1,2' } }],
      },
    });
    expect(result.note).toBe(
      'vega_lite output 3 had 1 001 of 11 001 data rows dropped (limit 5 000 rows per data set).',
    );
  });
});
