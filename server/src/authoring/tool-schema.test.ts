import * as contracts from '@skriptoteket/contracts';
import { renderTexts } from '@skriptoteket/contracts';

/** The Swedish of every issue (the default language); English is checked on its own. */
const validateInputSchema = (schema: unknown) =>
  renderTexts(contracts.validateInputSchema(schema), 'sv') as {
    path: (string | number)[];
    message: string;
  }[];
const validateSettingsSchema = (schema: unknown) =>
  renderTexts(contracts.validateSettingsSchema(schema), 'sv') as {
    path: (string | number)[];
    message: string;
  }[];
import { describe, expect, it } from 'vitest';

const paths = (issues: { path: (string | number)[] }[]) => issues.map((i) => i.path.join('.'));

describe('input_schema validation', () => {
  it('accepts every field kind of the contract', () => {
    expect(
      validateInputSchema([
        { name: 'titel', label: 'Titel', kind: 'string', required: true, default: 'Hej', help: 'Kort' },
        { name: 'text', label: 'Text', kind: 'text' },
        { name: 'antal', label: 'Antal', kind: 'integer', default: 4 },
        { name: 'vikt', label: 'Vikt', kind: 'number', default: 1.5 },
        { name: 'blanda', label: 'Blanda', kind: 'boolean', default: true },
        { name: 'niva', label: 'Nivå', kind: 'enum', options: [{ value: 'a', label: 'A' }], default: 'a' },
        { name: 'filer', label: 'Filer', kind: 'file', min: 1, max: 3, accept: ['.xlsx', 'text/csv'] },
      ]),
    ).toEqual([]);
    expect(validateInputSchema([])).toEqual([]);
  });

  it('names the path of each problem', () => {
    const issues = validateInputSchema([
      { name: 'a', label: 'A', kind: 'file', min: 2, max: 1 },
      { name: 'a', label: '', kind: 'enum', options: [] },
      { name: 'b', label: 'B', kind: 'file', accept: 'xlsx' },
      { name: 'c', label: 'C', kind: 'integer', default: 'fyra', extra: 1 },
      { name: 'd', label: 'D', kind: 'multi_enum', options: [{ value: 'x', label: 'X' }] },
      'inte ett fält',
    ]);
    expect(paths(issues)).toEqual(
      expect.arrayContaining([
        '0.max',
        '1.name',
        '1.label',
        '1.options',
        '2.accept',
        '3.default',
        '3.extra',
        '4.kind',
        '5',
        '',
      ]),
    );
    expect(issues.find((i) => i.path.length === 0)?.message).toBe('Högst ett filfält per formulär.');
  });

  it('rejects a schema that is not a list', () => {
    expect(validateInputSchema({ fields: [] })).toEqual([
      { path: [], message: 'Schemat ska vara en lista med fält.' },
    ]);
  });
});

describe('settings_schema validation', () => {
  it('allows multi_enum with a list default and forbids files', () => {
    const options = [
      { value: 'sv', label: 'Svenska' },
      { value: 'en', label: 'Engelska' },
    ];
    expect(
      validateSettingsSchema([{ name: 'spr', label: 'Språk', kind: 'multi_enum', options, default: ['sv'] }]),
    ).toEqual([]);
    expect(paths(validateSettingsSchema([{ name: 'f', label: 'F', kind: 'file' }]))).toEqual(['0.kind']);
    expect(
      paths(
        validateSettingsSchema([{ name: 's', label: 'S', kind: 'enum', options: [options[0], options[0]] }]),
      ),
    ).toEqual(['0.options.1.value']);
  });
});

describe('schema issues in both languages', () => {
  it('gives the editor each issue in Swedish and English', () => {
    expect(
      contracts.validateInputSchema([
        { name: 'a', label: 'A', kind: 'enum', options: [] },
        { name: 'a', label: '', kind: 'file', max: 0 },
      ]),
    ).toEqual([
      {
        path: [0, 'options'],
        message: {
          sv: 'Ett val-fält behöver minst ett alternativ.',
          en: 'A choice field needs at least one option.',
        },
      },
      {
        path: [1, 'name'],
        message: { sv: 'Namnet "a" används redan.', en: 'The name "a" is already used.' },
      },
      { path: [1, 'label'], message: { sv: 'Fältet behöver en etikett.', en: 'The field needs a label.' } },
      {
        path: [1, 'max'],
        message: { sv: '"max" ska vara ett heltal ≥ 1.', en: '"max" must be a whole number ≥ 1.' },
      },
    ]);
  });
});
