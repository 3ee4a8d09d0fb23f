import { describe, expect, it } from 'vitest';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { renderTexts } from '@skriptoteket/contracts';
import * as normalizer from './input-normalizer';

const { normalizeSettings } = normalizer;
/** The Swedish of every message; English is checked on its own below. */
const inSwedish =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A) =>
    renderTexts(fn(...args), 'sv') as R;
const normalizeFormInputs = inSwedish(normalizer.normalizeFormInputs);
const normalizeActionInput = inSwedish(normalizer.normalizeActionInput);

const field = (name: string, kind: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name.toUpperCase(),
  kind,
  ...extra,
});
const options = [
  { value: 'sv', label: 'Svenska' },
  { value: 'en', label: 'Engelska' },
  { value: 'ma', label: 'Matte' },
];
const schema = [
  field('title', 'string'),
  field('notes', 'text'),
  field('count', 'integer'),
  field('weight', 'number'),
  field('done', 'boolean'),
  field('subject', 'enum', { options }),
  field('file', 'file', { min: 0, max: 2 }),
];
const valueOf = (kind: string, submitted: unknown, extra: Record<string, unknown> = {}) => {
  const result = normalizeFormInputs([field('f', kind, extra)], { f: submitted });
  return 'values' in result ? result.values['f'] : result.issues;
};
const issue = (message: string, name = 'f') => [{ path: ['inputs', name], message }];

describe('normalizeFormInputs', () => {
  it('trims strings and leaves out null, absent and blank values', () => {
    expect(
      normalizeFormInputs(schema, {
        title: '  Å  ',
        notes: ' rad 1\nrad 2\t ',
        count: null,
        weight: '   ',
        file: null,
      }),
    ).toStrictEqual({ values: { title: 'Å', notes: 'rad 1\nrad 2' } });
    expect(normalizeFormInputs(schema, null)).toStrictEqual({ values: {} });
    expect(normalizeFormInputs(schema, undefined)).toStrictEqual({ values: {} });
    expect(normalizeFormInputs([], {})).toStrictEqual({ values: {} });
  });

  it.each([
    [12, 12],
    ['12', 12],
    [' -7 ', -7],
    ['+5', 5],
    ['007', 7],
    [-0, 0],
    ['-0', 0],
    [9007199254740991, 9007199254740991],
    ['9007199254740993', 9007199254740993n],
    [1e21, 1000000000000000000000n],
    [2n ** 70n, 2n ** 70n],
  ])('integer accepts %s as %s', (submitted, expected) => {
    expect(valueOf('integer', submitted)).toStrictEqual(expected);
  });

  it.each([[1.5], ['1.0'], ['1e3'], ['12 st'], [true], [[1]], ['1'.repeat(1001)]])(
    'integer rejects %j',
    (submitted) => {
      expect(valueOf('integer', submitted)).toStrictEqual(
        issue('Fältet "F" ska vara ett heltal, till exempel 12.'),
      );
    },
  );

  it.each([
    [3.5, 3.5],
    ['3.5', 3.5],
    ['-.5', -0.5],
    ['1e3', 1000],
    ['2.', 2],
    [' 10 ', 10],
    [-0, 0],
    [2n ** 70n, 2n ** 70n],
  ])('number accepts %s as %s', (submitted, expected) => {
    expect(valueOf('number', submitted)).toStrictEqual(expected);
  });

  it.each([['3,5'], ['1e400'], [NaN], [Infinity], ['abc'], [false], ['.'], ['1'.repeat(1001)]])(
    'number rejects %j',
    (submitted) => {
      expect(valueOf('number', submitted)).toStrictEqual(
        issue('Fältet "F" ska vara ett tal, till exempel 3.5 (med punkt som decimaltecken).'),
      );
    },
  );

  it('rejects a long hostile numeric string without backtracking', () => {
    const started = performance.now();
    expect(valueOf('number', `${'1'.repeat(900)}x`)).toHaveLength(1);
    expect(normalizeActionInput([field('f', 'number')], { f: `${'9'.repeat(100_000)}x` })).toHaveProperty(
      'issues',
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['TRUE', true],
    [' yes ', true],
    ['On', true],
    ['1', true],
    ['false', false],
    ['No', false],
    ['OFF', false],
    ['0', false],
  ])('boolean accepts %j as %j', (submitted, expected) => {
    expect(valueOf('boolean', submitted)).toBe(expected);
  });

  it.each([['ja'], [1], [0], ['y'], [[true]]])('boolean rejects %j', (submitted) => {
    expect(valueOf('boolean', submitted)).toStrictEqual(
      issue('Fältet "F" ska vara sant eller falskt (true eller false).'),
    );
  });

  it('text fields take only text', () => {
    expect(valueOf('string', 5)).toStrictEqual(issue('Fältet "F" ska vara text.'));
    expect(valueOf('text', { a: 1 })).toStrictEqual(issue('Fältet "F" ska vara text.'));
  });

  it('rejects NUL, other control characters and lone surrogates in text', () => {
    const message = 'Fältet "F" innehåller tecken som inte är tillåtna. Ta bort dem och försök igen.';
    expect(valueOf('string', 'a\u0000b')).toStrictEqual(issue(message));
    expect(valueOf('text', 'a\u0007b')).toStrictEqual(issue(message));
    expect(valueOf('text', 'a\uD800')).toStrictEqual(issue(message));
    expect(valueOf('text', 'a\tb\r\nc😀')).toBe('a\tb\r\nc😀');
  });

  it('takes an enum value only from the options', () => {
    expect(valueOf('enum', ' en ', { options })).toBe('en');
    const message =
      'Värdet "de" finns inte bland alternativen för fältet "F". Välj ett av: "sv", "en", "ma".';
    expect(valueOf('enum', 'de', { options })).toStrictEqual(issue(message));
    expect(valueOf('enum', 'Svenska', { options })).toHaveLength(1);
    expect(valueOf('enum', 1, { options })).toStrictEqual(
      issue('Värdet finns inte bland alternativen för fältet "F". Välj ett av: "sv", "en", "ma".'),
    );
  });

  it('requires a required field, but false and 0 are values', () => {
    const required = [
      field('a', 'string', { required: true }),
      field('b', 'boolean', { required: true }),
      field('c', 'integer', { required: true }),
      field('d', 'enum', { required: true, options }),
    ];
    expect(normalizeFormInputs(required, { a: ' x ', b: false, c: '0', d: 'sv' })).toStrictEqual({
      values: { a: 'x', b: false, c: 0, d: 'sv' },
    });
    expect(normalizeFormInputs(required, { a: '   ', b: null, d: 'xx' })).toStrictEqual({
      issues: [
        { path: ['inputs', 'a'], message: 'Fältet "A" är obligatoriskt. Fyll i det.' },
        { path: ['inputs', 'b'], message: 'Fältet "B" är obligatoriskt. Fyll i det.' },
        { path: ['inputs', 'c'], message: 'Fältet "C" är obligatoriskt. Fyll i det.' },
        {
          path: ['inputs', 'd'],
          message: 'Värdet "xx" finns inte bland alternativen för fältet "D". Välj ett av: "sv", "en", "ma".',
        },
      ],
    });
  });

  it('rejects unknown keys and a value for the file field, and reports every issue', () => {
    expect(normalizeFormInputs(schema, { titel: 'x', file: 'a.txt', count: 'many' })).toStrictEqual({
      issues: [
        { path: ['inputs', 'titel'], message: 'Okänt fält "titel". Ladda om sidan och försök igen.' },
        { path: ['inputs', 'file'], message: 'Fältet "FILE" tar emot filer, inte värden.' },
        { path: ['inputs', 'count'], message: 'Fältet "COUNT" ska vara ett heltal, till exempel 12.' },
      ],
    });
  });

  it('rejects values that are not an object', () => {
    const message = 'Värdena ska skickas som ett objekt med ett värde per fält.';
    expect(normalizeFormInputs(schema, 'x')).toStrictEqual({ issues: [{ path: ['inputs'], message }] });
    expect(normalizeFormInputs(schema, [])).toStrictEqual({ issues: [{ path: ['inputs'], message }] });
  });

  it('never reads inherited properties and keeps "__proto__" as plain data', () => {
    const submitted = parseJsonExact('{"__proto__":{"polluted":1}}');
    expect(normalizeFormInputs([field('toString', 'string')], submitted)).toStrictEqual({
      issues: [
        { path: ['inputs', '__proto__'], message: 'Okänt fält "__proto__". Ladda om sidan och försök igen.' },
      ],
    });
    const result = normalizeFormInputs(
      [field('__proto__', 'string'), field('toString', 'text')],
      parseJsonExact('{"__proto__":"x"}'),
    );
    expect('values' in result && stringifyJsonExact(result.values)).toBe('{"__proto__":"x"}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('normalizeActionInput', () => {
  const fields = [field('pick', 'multi_enum', { options }), field('n', 'integer')];

  it('takes a multi_enum as a list of option values, deduplicated, in the options order', () => {
    expect(normalizeActionInput(fields, { pick: ['ma', ' sv ', 'ma', '', null], n: '3' })).toStrictEqual({
      values: { pick: ['sv', 'ma'], n: 3 },
    });
  });

  it('leaves out an empty selection and rejects anything else', () => {
    expect(normalizeActionInput(fields, { pick: [] })).toStrictEqual({ values: {} });
    expect(
      normalizeActionInput([field('pick', 'multi_enum', { options, required: true })], { pick: [''] }),
    ).toStrictEqual({
      issues: [{ path: ['input', 'pick'], message: 'Fältet "PICK" är obligatoriskt. Fyll i det.' }],
    });
    expect(normalizeActionInput(fields, { pick: 'sv' })).toStrictEqual({
      issues: [{ path: ['input', 'pick'], message: 'Fältet "PICK" ska vara en lista med val.' }],
    });
    expect(normalizeActionInput(fields, { pick: ['sv', 1] })).toStrictEqual({
      issues: [{ path: ['input', 'pick'], message: 'Fältet "PICK" ska vara en lista med val.' }],
    });
    expect(normalizeActionInput(fields, { pick: ['sv', 'xx'] })).toStrictEqual({
      issues: [
        {
          path: ['input', 'pick'],
          message:
            'Värdet "xx" finns inte bland alternativen för fältet "PICK". Välj ett av: "sv", "en", "ma".',
        },
      ],
    });
  });

  it('names the root of the path as asked', () => {
    expect(normalizeActionInput(fields, { x: 1 }, 'values')).toStrictEqual({
      issues: [{ path: ['values', 'x'], message: 'Okänt fält "x". Ladda om sidan och försök igen.' }],
    });
  });
});

describe('normalizeSettings', () => {
  it('keeps what still fits the schema and drops the rest without failing', () => {
    const settingsSchema = [
      field('name', 'string'),
      field('size', 'integer'),
      field('lang', 'enum', { options }),
      field('langs', 'multi_enum', { options }),
      field('on', 'boolean', { required: true }),
    ];
    const stored = { name: ' Ada ', size: 'big', lang: 'de', langs: ['en', 'sv'], removed: 1 };
    expect(normalizeSettings(settingsSchema, stored)).toStrictEqual({ name: 'Ada', langs: ['sv', 'en'] });
    expect(normalizeSettings(settingsSchema, 'x')).toStrictEqual({});
    expect(normalizeSettings(settingsSchema, null)).toStrictEqual({});
    expect(normalizeSettings([], { a: 1 })).toStrictEqual({});
  });
});

describe('messages in English', () => {
  const inEnglish = <T>(value: T) => renderTexts(value, 'en') as T;

  it('names the field and says what to do, like the Swedish', () => {
    expect(
      inEnglish(
        normalizer.normalizeFormInputs(
          [
            field('count', 'integer', { required: true }),
            field('level', 'enum', { options }),
            field('n', 'number'),
          ],
          { titel: 'x', level: 'xx', n: '3,5' },
        ),
      ),
    ).toStrictEqual({
      issues: [
        { path: ['inputs', 'titel'], message: 'Unknown field "titel". Reload the page and try again.' },
        { path: ['inputs', 'count'], message: 'The field "COUNT" is required. Fill it in.' },
        {
          path: ['inputs', 'level'],
          message:
            'The value "xx" is not one of the options for the field "LEVEL". Choose one of: "sv", "en", "ma".',
        },
        {
          path: ['inputs', 'n'],
          message: 'The field "N" must be a number, such as 3.5 (with a point as the decimal separator).',
        },
      ],
    });
  });
});
