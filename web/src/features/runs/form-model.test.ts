import type { Locale, SchemaField } from '@skriptoteket/contracts';
import { describe, expect, it } from 'vitest';
// The server's own normalizer: the form must say exactly what the server would answer for the same value.
import {
  normalizeActionInput,
  normalizeFormInputs,
} from '../../../../server/src/tool-contract/input-normalizer';
import {
  fieldError,
  fileField,
  filesError,
  formErrors,
  initialValues,
  issueField,
  refuseFile,
  submittedValues,
  valueFields,
  type FormValue,
} from './form-model';

const options = [
  { value: 'sv', label: 'Svenska' },
  { value: 'en', label: 'Engelska' },
];
const field = (kind: string, extra: Partial<SchemaField> = {}): SchemaField =>
  ({ name: 'f', label: 'Fältet', kind, ...extra }) as SchemaField;

/** The message the server gives for this value of this field in a language, or null when it accepts it. */
function serverMessage(f: SchemaField, value: FormValue, locale: Locale): string | null {
  const normalize = f.kind === 'multi_enum' ? normalizeActionInput : normalizeFormInputs;
  const result = normalize([f], submittedValues([f], { [f.name]: value }));
  return 'issues' in result ? (result.issues[0]?.message[locale] ?? null) : null;
}

describe('the form says what the server says', () => {
  const cases: [string, SchemaField, FormValue][] = [
    ['integer with a decimal', field('integer'), '1.5'],
    ['integer with words', field('integer'), '12 st'],
    ['integer in exponent form', field('integer'), '1e3'],
    ['number with a decimal comma', field('number'), '3,5'],
    ['number too large', field('number'), '1e400'],
    ['number as words', field('number'), 'tre'],
    ['text with a control character', field('string'), 'a\u0007b'],
    ['text with a lone surrogate', field('text'), 'a\uD800'],
    ['enum outside the options', field('enum', { options }), 'de'],
    ['multi_enum outside the options', field('multi_enum', { options }), ['sv', 'de']],
    ['required text left blank', field('string', { required: true }), '   '],
    ['required integer left empty', field('integer', { required: true }), ''],
    ['required enum not chosen', field('enum', { required: true, options }), ''],
    ['required multi_enum with nothing chosen', field('multi_enum', { required: true, options }), []],
    ['a valid big integer', field('integer'), '123456789012345678901234567890'],
    ['a valid number', field('number'), '-.5'],
    ['a valid boolean', field('boolean', { required: true }), false],
    ['a valid enum', field('enum', { options }), 'en'],
    ['optional text left blank', field('text'), ''],
  ];

  it.each(cases)('%s', (_name, f, value) => {
    for (const locale of ['sv', 'en'] as const)
      expect(fieldError(f, value, locale)).toBe(serverMessage(f, value, locale));
  });

  it('really is the server’s Swedish and English (the table above is not comparing two empty answers)', () => {
    expect(fieldError(field('integer'), '1.5', 'en')).toBe(
      'The field "Fältet" must be a whole number, such as 12.',
    );
    expect(fieldError(field('integer'), '1.5', 'sv')).toBe(
      'Fältet "Fältet" ska vara ett heltal, till exempel 12.',
    );
    expect(fieldError(field('number'), '3,5', 'sv')).toBe(
      'Fältet "Fältet" ska vara ett tal, till exempel 3.5 (med punkt som decimaltecken).',
    );
    expect(fieldError(field('string', { required: true }), ' ', 'sv')).toBe(
      'Fältet "Fältet" är obligatoriskt. Fyll i det.',
    );
  });
});

describe('fields, starting values and what is sent', () => {
  const schema = [
    { name: 'klass', label: 'Klass', kind: 'string', default: '7A' },
    { name: 'antal', label: 'Antal', kind: 'integer', default: 4 },
    { name: 'vikt', label: 'Vikt', kind: 'number' },
    { name: 'notis', label: 'Notis', kind: 'text' },
    { name: 'blanda', label: 'Blanda', kind: 'boolean', default: true },
    { name: 'språk', label: 'Språk', kind: 'enum', options },
    { name: 'lista', label: 'Lista', kind: 'file', max: 2 },
    { label: 'utan namn', kind: 'string' },
  ];

  it('reads value fields in order, the file field apart, and skips what is not a field', () => {
    expect(valueFields(schema).map((f) => f.name)).toEqual([
      'klass',
      'antal',
      'vikt',
      'notis',
      'blanda',
      'språk',
    ]);
    expect(fileField(schema)?.name).toBe('lista');
    expect(fileField([])).toBeNull();
  });

  it('starts from the given values, else the defaults, else empty; every kind', () => {
    const fields = valueFields(schema);
    expect(initialValues(fields)).toEqual({
      klass: '7A',
      antal: '4',
      vikt: '',
      notis: '',
      blanda: true,
      språk: '',
    });
    expect(
      initialValues(fields, { antal: 2n ** 60n, vikt: 2.5, blanda: false, språk: 'en', klass: 3 }),
    ).toEqual({
      klass: '',
      antal: '1152921504606846976',
      vikt: '2.5',
      notis: '',
      blanda: false,
      språk: 'en',
    });
    const multi = field('multi_enum', { options, default: ['sv'] });
    expect(initialValues([multi])).toEqual({ f: ['sv'] });
    expect(initialValues([multi], { f: ['en', 3] })).toEqual({ f: ['en'] });
  });

  it('sends typed text as typed and leaves out blanks and empty choices', () => {
    const fields = [...valueFields(schema), field('multi_enum', { options })];
    const values = {
      ...initialValues(fields),
      antal: '9007199254740993',
      notis: '  ',
      f: [],
    };
    expect(submittedValues(fields, values)).toEqual({ klass: '7A', antal: '9007199254740993', blanda: true });
  });

  it('lists every field with a problem, by name', () => {
    const fields = [field('integer', { name: 'a', required: true }), field('number', { name: 'b' })];
    expect(formErrors(fields, { a: '', b: 'x' }, 'sv')).toEqual({
      a: 'Fältet "Fältet" är obligatoriskt. Fyll i det.',
      b: 'Fältet "Fältet" ska vara ett tal, till exempel 3.5 (med punkt som decimaltecken).',
    });
    expect(formErrors(fields, { a: '1', b: '' }, 'sv')).toEqual({});
  });

  it('finds the field a server issue names, under the form’s root', () => {
    expect(issueField({ path: ['inputs', 'klass'], message: 'x' }, 'inputs')).toBe('klass');
    expect(issueField({ path: ['input', 'klass'], message: 'x' }, 'inputs')).toBeNull();
    expect(issueField({ path: ['files', 0], message: 'x' }, 'inputs')).toBeNull();
  });
});

describe('files', () => {
  const limits = { maxFiles: 3, maxFileBytes: 1000, maxTotalBytes: 1500 };
  const schema = (extra: Record<string, unknown> = {}) => [
    { name: 'lista', label: 'Klasslista', kind: 'file', min: 1, max: 2, accept: ['.xlsx'], ...extra },
  ];
  const file = (name: string, bytes = 10) => ({ name, bytes });

  it('refuses a file of the wrong type in words a teacher knows', () => {
    expect(refuseFile(schema(), limits, file('elever.csv'), [], 'sv')).toBe(
      'Filen "elever.csv" är inte en Excel-fil. Välj en fil av typen .xlsx.',
    );
    expect(refuseFile(schema(), limits, file('elever.XLSX'), [], 'sv')).toBeNull();
  });

  it('refuses a duplicate name, a file over the size limit, one too many and a total over the limit', () => {
    expect(refuseFile(schema(), limits, file('a.xlsx'), [file('a.xlsx')], 'sv')).toBe(
      'Två filer heter "a.xlsx". Byt namn på den ena och försök igen.',
    );
    expect(refuseFile(schema(), limits, file('stor.xlsx', 1001), [], 'sv')).toBe(
      'Filen "stor.xlsx" är för stor. Högst 1 kB per fil.',
    );
    expect(refuseFile(schema(), limits, file('c.xlsx'), [file('a.xlsx'), file('b.xlsx')], 'sv')).toBe(
      'Välj högst 2 filer för "Klasslista".',
    );
    expect(refuseFile(schema(), limits, file('b.xlsx', 900), [file('a.xlsx', 900)], 'sv')).toBe(
      'Filerna är för stora tillsammans. Högst 1,5 kB per körning.',
    );
    expect(
      refuseFile(
        schema({ max: 5 }),
        limits,
        file('d.xlsx'),
        ['a', 'b', 'c'].map((n) => file(`${n}.xlsx`)),
        'sv',
      ),
    ).toBe('Du kan skicka högst 3 filer per körning.');
  });

  it('does not refuse a file because more are still needed, but says so for the list', () => {
    expect(refuseFile(schema({ min: 2 }), limits, file('a.xlsx'), [], 'sv')).toBeNull();
    expect(filesError(schema({ min: 2 }), limits, [file('a.xlsx')], 'sv')).toBe(
      'Välj minst 2 filer för "Klasslista".',
    );
    expect(filesError(schema(), limits, [], 'sv')).toBe('Välj en fil för "Klasslista".');
    expect(filesError(schema(), limits, [file('a.xlsx')], 'sv')).toBeNull();
  });
});
