import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@skriptoteket/contracts';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import {
  LIMITS,
  capJson,
  capNotes,
  cutJsonString,
  cutUtf8,
  fitJson,
  fmt,
  jsonBytes,
  plural,
  quote,
  repairNotes,
  repairText,
  sanitizeJson,
  systemNotice,
  utf8Bytes,
  type JsonCapCounts,
  type TextRepairs,
} from './normalize-helpers';

const repairs = (): TextRepairs => ({ nul: 0, surrogates: 0, deep: 0 });
const counts = (): JsonCapCounts => ({ keys: 0, items: 0, deep: 0 });
const nested = (levels: number): JsonValue => (levels === 0 ? 1 : [nested(levels - 1)]);

describe('limits', () => {
  it('are the contract values', () => {
    expect(LIMITS).toStrictEqual({
      noticeBytes: 8192,
      markdownBytes: 65536,
      htmlBytes: 98304,
      tableColumns: 40,
      tableRows: 750,
      tableCellBytes: 512,
      jsonBytes: 98304,
      jsonDepth: 10,
      jsonKeys: 1000,
      jsonItems: 2000,
      vegaLiteBytes: 262144,
      vegaLiteRows: 5000,
      outputs: 50,
      actions: 10,
      fieldsPerAction: 25,
      enumOptions: 100,
      multiEnumOptions: 200,
      stateBytes: 65536,
      payloadBytes: 262144,
      errorSummaryChars: 1000,
      rawDepth: 64,
    });
  });
});

describe('cutUtf8', () => {
  it('keeps text within the limit unchanged', () => {
    expect(cutUtf8('åäö', 6)).toBe('åäö');
    expect(cutUtf8('', 0)).toBe('');
  });

  it('cuts at a character boundary, never inside å (2 bytes) or an emoji (4 bytes, a surrogate pair)', () => {
    expect(cutUtf8('aåb', 2)).toBe('a');
    expect(cutUtf8('aåb', 3)).toBe('aå');
    expect(cutUtf8('a😀b', 4)).toBe('a');
    expect(cutUtf8('a😀b', 5)).toBe('a😀');
    expect(cutUtf8('€€', 5)).toBe('€');
    const cut = cutUtf8('😀'.repeat(1000), 4001);
    expect(cut).toBe('😀'.repeat(1000));
    expect(cutUtf8('😀'.repeat(1000), 3999)).toBe('😀'.repeat(999));
  });

  it('cuts a 10 MB string quickly to exactly the limit', () => {
    const text = 'å'.repeat(5_000_000);
    const started = performance.now();
    const cut = cutUtf8(text, 65_537);
    expect(utf8Bytes(cut)).toBe(65_536);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('cutJsonString', () => {
  it('counts quotes and escapes, so the serialized string fits', () => {
    expect(cutJsonString('"""', 6)).toBe('""');
    expect(jsonBytes(cutJsonString('"""', 6))).toBe(6);
    expect(cutJsonString('a\u0001b', 8)).toBe('a');
    expect(cutJsonString('a\u0001b', 9)).toBe('a\u0001');
    expect(cutJsonString('a\u0001b', 10)).toBe('a\u0001b');
    expect(cutJsonString('åå😀', 9)).toBe('åå');
    expect(cutJsonString('åå😀', 10)).toBe('åå😀');
  });
});

describe('wording helpers', () => {
  it('group thousands with a space and pluralize', () => {
    expect(fmt(80000)).toBe('80 000');
    expect(fmt(262144)).toBe('262 144');
    expect(fmt(512)).toBe('512');
    expect(fmt(1234567)).toBe('1 234 567');
    expect(plural(1, 'cell')).toBe('1 cell');
    expect(plural(2000, 'cell')).toBe('2 000 cells');
  });

  it('quote short and escape tool-given text', () => {
    expect(quote('chart')).toBe('"chart"');
    expect(quote('a"b\n')).toBe('"a\\"b\\n"');
    expect(quote('x'.repeat(10_000_000))).toBe(`"${'x'.repeat(40)}…"`);
    expect(quote('😀'.repeat(41))).toBe(`"${'😀'.repeat(40)}…"`);
  });

  it('make warning notices with the System notice prefix, capped at 8 KiB', () => {
    expect(systemNotice('x.')).toStrictEqual({
      kind: 'notice',
      level: 'warning',
      message: 'System notice: x.',
    });
    expect(utf8Bytes(systemNotice('x'.repeat(10_000)).message)).toBe(8192);
  });
});

describe('repairText and sanitizeJson', () => {
  it('remove NUL and replace lone surrogates, counting both', () => {
    const r = repairs();
    expect(repairText('a\u0000b\u0000', r)).toBe('ab');
    expect(repairText('x\uD800y\uDC00z😀', r)).toBe('x\uFFFDy\uFFFDz😀');
    expect(r).toStrictEqual({ nul: 2, surrogates: 2, deep: 0 });
    expect(repairNotes(r)).toStrictEqual([
      '2 NUL characters (U+0000) were removed from the result.',
      '2 broken characters (lone UTF-16 surrogates) were replaced by U+FFFD.',
    ]);
  });

  it('copy untrusted data into plain JSON, keys repaired too', () => {
    const r = repairs();
    const input = { 'k\u0000': ['v\u0000', NaN, Infinity, undefined, 2n], u: undefined, f: () => 1, n: null };
    expect(sanitizeJson(input, r)).toStrictEqual({ k: ['v', null, null, null, 2n], n: null });
    expect(r.nul).toBe(2);
    expect(sanitizeJson(undefined, r)).toBeUndefined();
  });

  it(`replace containers deeper than ${LIMITS.rawDepth} levels by null, also a cycle, without recursing on`, () => {
    const r = repairs();
    expect(sanitizeJson(nested(64), r)).toStrictEqual(nested(64));
    expect(r.deep).toBe(0);
    const deep: unknown[] = [];
    let cursor = deep;
    for (let i = 0; i < 100_000; i++) {
      const next: unknown[] = [];
      cursor[0] = next;
      cursor = next;
    }
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    sanitizeJson([deep, cyclic], r);
    expect(r.deep).toBe(2);
    expect(repairNotes({ nul: 0, surrogates: 0, deep: 1 })).toStrictEqual([
      '1 value nested deeper than 64 levels became null.',
    ]);
  });

  it('keeps "__proto__" keys as own data', () => {
    const hostile = JSON.parse('{"__proto__":{"polluted":1}}') as unknown;
    const clean = sanitizeJson(hostile, repairs()) as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(stringifyJsonExact(clean)).toBe('{"__proto__":{"polluted":1}}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('capJson', () => {
  it('sorts keys and keeps values as they are within the caps', () => {
    const c = counts();
    const value = capJson({ b: 1, a: { d: [3], c: 'x' } }, 1, c);
    expect(stringifyJsonExact(value)).toBe('{"a":{"c":"x","d":[3]},"b":1}');
    expect(c).toStrictEqual({ keys: 0, items: 0, deep: 0 });
    expect(capNotes(c)).toStrictEqual([]);
  });

  it('keeps 10 levels of containers and replaces the 11th by null', () => {
    const c = counts();
    expect(capJson(nested(10), 1, c)).toStrictEqual(nested(10));
    expect(capJson(nested(11), 1, c)).toStrictEqual([[[[[[[[[[null]]]]]]]]]]);
    expect(c.deep).toBe(1);
  });

  it('keeps the first 1 000 keys in sorted order and 2 000 items per array', () => {
    const c = counts();
    const object = Object.fromEntries(
      Array.from({ length: 1005 }, (_, i) => [`k${String(i).padStart(4, '0')}`, i]),
    );
    const capped = capJson({ list: Array.from({ length: 2003 }, (_, i) => i), object }, 1, c) as Record<
      string,
      JsonValue
    >;
    expect(Object.keys(capped['object'] as object)).toHaveLength(1000);
    expect(Object.keys(capped['object'] as object).at(-1)).toBe('k0999');
    expect((capped['list'] as number[]).length).toBe(2000);
    expect(c).toStrictEqual({ keys: 5, items: 3, deep: 0 });
    expect(capNotes({ keys: 5, items: 3, deep: 1 })).toStrictEqual([
      '5 keys dropped (limit 1 000 per object)',
      '3 items dropped (limit 2 000 per array)',
      '1 value nested deeper than 10 levels replaced by null',
    ]);
  });
});

describe('fitJson', () => {
  it('keeps a value that fits', () => {
    expect(fitJson([1, 2], 5)).toStrictEqual({ value: [1, 2], bytes: 5 });
  });

  it('keeps the longest fitting prefix of an array or object', () => {
    expect(fitJson([1, 22, 333], 5)).toStrictEqual({ value: [1], bytes: 3 });
    expect(fitJson([1, 22, 333], 9)).toStrictEqual({ value: [1, 22], bytes: 6 });
    expect(fitJson({ a: 1, b: 'xx' }, 12)).toStrictEqual({ value: { a: 1 }, bytes: 7 });
    expect(fitJson(['x'.repeat(100)], 50)).toStrictEqual({ value: [], bytes: 2 });
  });

  it('cuts a string and gives up on a scalar that cannot fit', () => {
    expect(fitJson('abcdef', 5)).toStrictEqual({ value: 'abc', bytes: 5 });
    expect(fitJson(10n ** 200n, 100)).toBeNull();
  });
});
