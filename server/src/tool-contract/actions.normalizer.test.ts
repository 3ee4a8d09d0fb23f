import { describe, expect, it } from 'vitest';
import type { JsonValue } from '@skriptoteket/contracts';
import { normalizeActions } from './actions.normalizer';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { sanitizeJson } from './normalize-helpers';

const normalize = (raw: unknown[]) =>
  normalizeActions(raw.map((item) => sanitizeJson(item, { nul: 0, surrogates: 0, deep: 0 }) as JsonValue));

const options = (n: number, prefix = 'o') =>
  Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}`, label: `L${i}` }));

describe('next actions', () => {
  it('are normalized, trimmed and ordered by action_id', () => {
    const result = normalize([
      {
        action_id: ' b ',
        label: ' Nästa ',
        kind: 'form',
        fields: [{ name: ' n ', label: ' Antal ', kind: 'integer', help: 'x' }],
        extra: 1,
      },
      { action_id: 'a', label: 'Först' },
      { action_id: 'B', label: 'Stor' },
    ]);
    expect(result.actions).toStrictEqual([
      { action_id: 'B', label: 'Stor', kind: 'form', fields: [], prefill: {} },
      { action_id: 'a', label: 'Först', kind: 'form', fields: [], prefill: {} },
      {
        action_id: 'b',
        label: 'Nästa',
        kind: 'form',
        fields: [{ name: 'n', label: 'Antal', kind: 'integer' }],
        prefill: {},
      },
    ]);
    expect(result.notes).toStrictEqual([]);
  });

  it('keep enum options trimmed', () => {
    const result = normalize([
      {
        action_id: 'a',
        label: 'A',
        fields: [{ name: 'e', label: 'E', kind: 'enum', options: [{ value: ' x ', label: ' X ' }] }],
      },
    ]);
    expect(result.actions[0]!.fields).toStrictEqual([
      { name: 'e', label: 'E', kind: 'enum', options: [{ value: 'x', label: 'X' }] },
    ]);
  });

  it.each([
    ['a string', 'x', 'it is not an object'],
    ['no action_id', { label: 'A' }, 'it has no action_id'],
    ['a blank action_id', { action_id: '  ', label: 'A' }, 'it has no action_id'],
    ['no label', { action_id: 'a' }, '"a" has no label'],
    ['another kind', { action_id: 'a', label: 'A', kind: 'link' }, '"a" has kind "link", not "form"'],
    [
      'fields that are not a list',
      { action_id: 'a', label: 'A', fields: {} },
      'the fields of "a" are not a list',
    ],
    [
      'a field that is not an object',
      { action_id: 'a', label: 'A', fields: [1] },
      '"a": field 1 is not an object',
    ],
    [
      'a field without name',
      { action_id: 'a', label: 'A', fields: [{ label: 'L', kind: 'text' }] },
      '"a": field 1 has no name',
    ],
    [
      'a field without label',
      { action_id: 'a', label: 'A', fields: [{ name: 'f', kind: 'text' }] },
      '"a": field "f" has no label',
    ],
    [
      'a bad field kind',
      { action_id: 'a', label: 'A', fields: [{ name: 'f', label: 'F', kind: 'date' }] },
      '"a": field "f" has unknown kind "date"',
    ],
    [
      'a file field',
      { action_id: 'a', label: 'A', fields: [{ name: 'f', label: 'F', kind: 'file' }] },
      '"a": field "f" has unknown kind "file"',
    ],
    [
      'a duplicate field name',
      {
        action_id: 'a',
        label: 'A',
        fields: [
          { name: 'f', label: 'F', kind: 'text' },
          { name: 'f', label: 'G', kind: 'text' },
        ],
      },
      '"a": the field name "f" is used twice',
    ],
    [
      'an enum without options',
      { action_id: 'a', label: 'A', fields: [{ name: 'e', label: 'E', kind: 'enum', options: [] }] },
      '"a": field "e" has no options',
    ],
    [
      'a bad option',
      {
        action_id: 'a',
        label: 'A',
        fields: [{ name: 'e', label: 'E', kind: 'multi_enum', options: [{ value: 'x' }] }],
      },
      '"a": field "e": option 1 needs a non-blank value and label',
    ],
    [
      'a duplicate option value',
      {
        action_id: 'a',
        label: 'A',
        fields: [
          {
            name: 'e',
            label: 'E',
            kind: 'enum',
            options: [
              { value: 'x', label: '1' },
              { value: ' x', label: '2' },
            ],
          },
        ],
      },
      '"a": field "e": the option value "x" is used twice',
    ],
  ])('with %s are left out and reported', (_, raw, reason) => {
    const result = normalize([{ action_id: 'ok', label: 'OK' }, raw]);
    expect(result.actions.map((a) => a.action_id)).toStrictEqual(['ok']);
    expect(result.notes).toStrictEqual([
      `1 next action was invalid and not offered: next action 2: ${reason}.`,
    ]);
  });

  it('keep the first of a duplicate action_id and report the others', () => {
    const result = normalize([
      { action_id: 'x', label: 'First' },
      { action_id: ' x', label: 'Second' },
      { action_id: 'x', label: 'Third' },
    ]);
    expect(result.actions).toStrictEqual([
      { action_id: 'x', label: 'First', kind: 'form', fields: [], prefill: {} },
    ]);
    expect(result.notes).toStrictEqual([
      '2 next actions were invalid and not offered: next action 2: the action_id "x" is used twice; next action 3: the action_id "x" is used twice.',
    ]);
  });

  it('list at most 10 invalid actions in the notice', () => {
    const result = normalize(Array.from({ length: 13 }, () => ({ label: 'no id' })));
    expect(result.notes).toStrictEqual([
      `13 next actions were invalid and not offered: ${Array.from({ length: 10 }, (_, i) => `next action ${i + 1}: it has no action_id`).join('; ')}; and 3 more.`,
    ]);
  });

  it('keep the first 10 by action_id and report the rest', () => {
    const raw = Array.from({ length: 12 }, (_, i) => ({
      action_id: `s${String(11 - i).padStart(2, '0')}`,
      label: 'L',
    }));
    const result = normalize(raw);
    expect(result.actions.map((a) => a.action_id)).toStrictEqual(
      Array.from({ length: 10 }, (_, i) => `s${String(i).padStart(2, '0')}`),
    );
    expect(result.notes).toStrictEqual(['2 of 12 next actions were dropped (limit 10): "s10", "s11".']);
  });

  it('keep 25 fields and 100 enum / 200 multi_enum options, and report the cuts', () => {
    const fields = [
      { name: 'e', label: 'E', kind: 'enum', options: options(101) },
      { name: 'm', label: 'M', kind: 'multi_enum', options: options(203) },
      ...Array.from({ length: 28 }, (_, i) => ({ name: `f${i}`, label: 'F', kind: 'text' })),
    ];
    const result = normalize([{ action_id: 'a', label: 'A', fields }]);
    const [action] = result.actions;
    expect(action!.fields).toHaveLength(25);
    expect(action!.fields[0]!.options).toStrictEqual(options(100));
    expect(action!.fields[1]!.options).toStrictEqual(options(200));
    expect(action!.fields[24]!.name).toBe('f22');
    expect(result.notes).toStrictEqual([
      'next action "a" was cut: 5 of 30 fields dropped (limit 25); field "e": 1 of 101 options dropped (limit 100); field "m": 3 of 203 options dropped (limit 200).',
    ]);
  });
});

describe('prefill', () => {
  const fields = [
    { name: 's', label: 'S', kind: 'string' },
    { name: 't', label: 'T', kind: 'text' },
    { name: 'i', label: 'I', kind: 'integer' },
    { name: 'n', label: 'N', kind: 'number' },
    { name: 'b', label: 'B', kind: 'boolean' },
    { name: 'e', label: 'E', kind: 'enum', options: options(3) },
    { name: 'm', label: 'M', kind: 'multi_enum', options: options(3) },
  ];
  const withPrefill = (prefill: unknown) => normalize([{ action_id: 'a', label: 'A', fields, prefill }]);

  it('keeps entries that match their field, sorted by key', () => {
    const big = 2n ** 100n;
    const result = withPrefill({ t: '', s: ' x ', n: 1.5, m: ['o2', 'o0', 'o2'], i: big, e: 'o1', b: false });
    expect(stringifyJsonExact(result.actions[0]!.prefill)).toBe(
      `{"b":false,"e":"o1","i":${big},"m":["o2","o0"],"n":1.5,"s":" x ","t":""}`,
    );
    expect(result.notes).toStrictEqual([]);
  });

  it('drops wrong entries one by one and says why', () => {
    const result = withPrefill({
      s: 1,
      t: ['x'],
      i: 1.5,
      n: '2',
      b: 'true',
      e: 'o9',
      m: ['o1', 'o7'],
      zz: 1,
      x: null,
    });
    expect(result.actions[0]!.prefill).toStrictEqual({});
    expect(result.notes).toStrictEqual([
      'next action "a" was cut: prefill "b" (not true/false), "e" (not one of the options), "i" (not an integer), "m" (not among the options), "n" (not a number), "s" (not text), "t" (not text), "zz" (unknown field) dropped.',
    ]);
  });

  it('drops a prefill for a field that was cut away, and a prefill that is not an object', () => {
    const many = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, label: 'F', kind: 'text' }));
    const result = normalize([
      { action_id: 'a', label: 'A', fields: many, prefill: { f0: 'x', f25: 'y' } },
      { action_id: 'b', label: 'B', prefill: ['x'] },
    ]);
    expect(result.actions.map((a) => a.prefill)).toStrictEqual([{ f0: 'x' }, {}]);
    expect(result.notes).toStrictEqual([
      'next action "a" was cut: 1 of 26 fields dropped (limit 25); prefill "f25" (unknown field) dropped.',
      'next action "b" was cut: its prefill is not an object and was dropped.',
    ]);
  });

  it('treats "__proto__" as a plain field name', () => {
    const raw = parseJsonExact(
      '{"action_id":"a","label":"A","fields":[{"name":"__proto__","label":"P","kind":"text"}],"prefill":{"__proto__":"v"}}',
    );
    const result = normalizeActions([raw]);
    expect(stringifyJsonExact(result.actions[0]!.prefill)).toBe('{"__proto__":"v"}');
    expect(Object.getPrototypeOf(result.actions[0]!.prefill)).toBe(Object.prototype);
  });
});
