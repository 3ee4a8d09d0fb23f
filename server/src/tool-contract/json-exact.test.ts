import { describe, expect, it } from 'vitest';
import {
  JsonParseError,
  MAX_JSON_DEPTH,
  parseJsonExact,
  setOwn,
  stringifyJsonExact,
} from '@skriptoteket/contracts/json-exact';

const BIG = 2n ** 256n + 1n;

describe('parseJsonExact', () => {
  it('parses what JSON.parse parses, to the same values', () => {
    const text =
      ' {"a": [1, -2.5, 3e2, -0, 0.1, 1E-7, true, false, null, "x\\n\\"\\\\\\/\\b\\f\\r\\t\\u00e5\\ud83d\\ude00"], "b": {}, "c": []} ';
    expect(parseJsonExact(text)).toStrictEqual(JSON.parse(text));
    expect(Object.is(parseJsonExact('-0'), -0)).toBe(true);
  });

  it('keeps integers beyond ±MAX_SAFE_INTEGER exact as bigint, and safe ones as numbers', () => {
    expect(parseJsonExact(BIG.toString())).toBe(BIG);
    expect(parseJsonExact(`-${BIG}`)).toBe(-BIG);
    expect(parseJsonExact('9007199254740991')).toBe(9007199254740991);
    expect(parseJsonExact('-9007199254740991')).toBe(-9007199254740991);
    expect(parseJsonExact('9007199254740992')).toBe(9007199254740992n);
    expect(parseJsonExact('9007199254740993')).toBe(9007199254740993n);
    expect(parseJsonExact('123456789012345')).toBe(123456789012345);
    expect(parseJsonExact('[12345678901234567890.5]')).toStrictEqual([Number('12345678901234567890.5')]);
    expect(parseJsonExact('1e400')).toBe(Infinity);
  });

  it('keeps the last of duplicate keys, in the first position (as JSON.parse)', () => {
    const value = parseJsonExact('{"a":1,"b":2,"a":3}');
    expect(value).toStrictEqual({ a: 3, b: 2 });
    expect(Object.keys(value as object)).toStrictEqual(['a', 'b']);
  });

  it('stores "__proto__" as plain data and never touches a prototype', () => {
    const value = parseJsonExact(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toStrictEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toStrictEqual({ polluted: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(stringifyJsonExact(value)).toBe(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}',
    );
  });

  it.each([
    ['', 'Invalid JSON: unexpected end of input at position 0.'],
    ['{"a":1,}', 'Invalid JSON: expected a string key at position 7.'],
    ['[1,]', 'Invalid JSON: unexpected character "]" at position 3.'],
    ['[1 2]', 'Invalid JSON: expected "," or "]" at position 3.'],
    ['{"a" 1}', 'Invalid JSON: expected ":" at position 5.'],
    ["{'a':1}", 'Invalid JSON: expected a string key at position 1.'],
    ['01', 'Invalid JSON: unexpected data after the value at position 1.'],
    ['1.', 'Invalid JSON: unexpected end of input at position 2.'],
    ['-', 'Invalid JSON: unexpected end of input at position 1.'],
    ['.5', 'Invalid JSON: unexpected character "." at position 0.'],
    ['1e', 'Invalid JSON: unexpected end of input at position 2.'],
    ['+1', 'Invalid JSON: unexpected character "+" at position 0.'],
    ['NaN', 'Invalid JSON: unexpected character "N" at position 0.'],
    ['"a\tb"', 'Invalid JSON: control character in a string at position 2.'],
    ['"\\x"', 'Invalid JSON: invalid escape at position 1.'],
    ['"\\u12G4"', 'Invalid JSON: invalid \\u escape at position 1.'],
    ['"abc', 'Invalid JSON: unexpected end of input at position 4.'],
    ['tru', 'Invalid JSON: unexpected character "t" at position 0.'],
    ['\uFEFF{}', 'Invalid JSON: unexpected character "\uFEFF" at position 0.'],
    ['{} {}', 'Invalid JSON: unexpected data after the value at position 3.'],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parseJsonExact(text)).toThrow(JsonParseError);
    expect(() => parseJsonExact(text)).toThrow(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  it(`allows ${MAX_JSON_DEPTH} levels of nesting and refuses one more without overflowing the stack`, () => {
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => parseJsonExact(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseJsonExact(nested(MAX_JSON_DEPTH + 1))).toThrow(
      `Invalid JSON: nesting deeper than 512 levels at position ${MAX_JSON_DEPTH}.`,
    );
    expect(() => parseJsonExact('{"a":'.repeat(1_000_000))).toThrow('nesting deeper than 512 levels');
  });

  it('parses multi-megabyte input fast', () => {
    const plain = 'x'.repeat(10_000_000);
    const escaped = 'å\\n'.repeat(1_000_000);
    const numbers = `[${Array.from({ length: 200_000 }, (_, i) => i * 1.5).join(',')}]`;
    const started = performance.now();
    expect((parseJsonExact(`"${plain}"`) as string).length).toBe(10_000_000);
    expect(parseJsonExact(`"${escaped}"`)).toBe('å\n'.repeat(1_000_000));
    expect((parseJsonExact(numbers) as number[])[199_999]).toBe(299_998.5);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('stringifyJsonExact', () => {
  it('writes plain data like JSON.stringify', () => {
    const value = { s: 'å"\n\u2028😀', n: [1, -0, 1.5, 1e21, 5e-7], b: [true, false], z: null, o: { a: {} } };
    expect(stringifyJsonExact(value)).toBe(JSON.stringify(value));
  });

  it('writes bigint as digits, non-finite numbers as null, and drops undefined members', () => {
    expect(stringifyJsonExact({ big: BIG, neg: -5n })).toBe(`{"big":${BIG},"neg":-5}`);
    expect(stringifyJsonExact([NaN, Infinity, -Infinity, undefined, () => 1])).toBe(
      '[null,null,null,null,null]',
    );
    expect(stringifyJsonExact({ a: undefined, b: 1, c: Symbol('x'), d: () => 1 })).toBe('{"b":1}');
    expect(stringifyJsonExact({ a: undefined })).toBe('{}');
    expect(stringifyJsonExact({ d: new Date(0) })).toBe('{"d":"1970-01-01T00:00:00.000Z"}');
    expect(() => stringifyJsonExact(undefined)).toThrow('the value has no JSON form');
  });

  it('throws on a cycle, but not on a value shared by siblings', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = { back: cyclic };
    expect(() => stringifyJsonExact(cyclic)).toThrow('stringifyJsonExact: the value contains a cycle.');
    const shared = { x: 1 };
    expect(stringifyJsonExact([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it('round-trips 2**256 + 1 exactly (contract example 12)', () => {
    const text = stringifyJsonExact({ state: { n: BIG, list: [BIG, 1] } });
    expect(text).toBe(`{"state":{"n":${BIG},"list":[${BIG},1]}}`);
    expect(parseJsonExact(text)).toStrictEqual({ state: { n: BIG, list: [BIG, 1] } });
    expect((JSON.parse(text) as { state: { n: number } }).state.n.toString()).not.toBe(BIG.toString());
  });
});

describe('setOwn', () => {
  it('stores "__proto__" as an own enumerable key without changing the prototype', () => {
    const target = {};
    setOwn(target, '__proto__', { polluted: true });
    setOwn(target, 'a', 1);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toStrictEqual(['__proto__', 'a']);
    expect(JSON.stringify(target)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});
