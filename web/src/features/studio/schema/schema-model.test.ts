import { describe, expect, it } from 'vitest';
import {
  freeName,
  newField,
  parseAccept,
  parseDefault,
  parseSchemaJson,
  schemaProblems,
  withKind,
  withValue,
} from './schema-model';

describe('the schema editor model', () => {
  it('adds fields that pass the server’s rules as they are, with free names', () => {
    const text = newField('string', [], 'Klass');
    const file = newField('file', [text], 'Elevlista');
    const choice = newField('enum', [text, file], 'Nivå');
    expect(text).toEqual({ name: 'falt', label: 'Klass', kind: 'string' });
    expect(file).toEqual({ name: 'filer', label: 'Elevlista', kind: 'file', min: 1, max: 1 });
    expect(choice.name).toBe('falt_2');
    expect(choice.options).toHaveLength(1);
    expect(schemaProblems('input', [text, file, choice], 'sv').count).toBe(0);
    expect(freeName([{ name: 'x', label: 'X', kind: 'string' }], 'x')).toBe('x_2');
  });

  it('drops what the new kind does not have when the kind changes', () => {
    const file = { name: 'f', label: 'F', kind: 'file' as const, min: 0, max: 3, accept: ['.csv'] };
    expect(withKind(file, 'string')).toEqual({ name: 'f', label: 'F', kind: 'string' });
    const withDefault = { name: 'n', label: 'N', kind: 'integer' as const, default: 3 };
    expect(withKind(withDefault, 'file')).toEqual({ name: 'n', label: 'N', kind: 'file', min: 1, max: 1 });
    expect(withKind(withDefault, 'string')).toEqual({ name: 'n', label: 'N', kind: 'string' });
    expect(withValue(withDefault, 'help', '')).not.toHaveProperty('help');
    expect(withValue(withDefault, 'required', false)).not.toHaveProperty('required');
    expect(withValue(withDefault, 'required', true)).toMatchObject({ required: true });
  });

  it('reads typed defaults and accept lists as the contract wants them', () => {
    expect(parseDefault('integer', ' 12 ')).toBe(12);
    expect(parseDefault('integer', '1.5')).toBe('1.5');
    expect(parseDefault('number', '1.5')).toBe(1.5);
    expect(parseDefault('boolean', 'true')).toBe(true);
    expect(parseDefault('multi_enum', 'a, b')).toEqual(['a', 'b']);
    expect(parseDefault('string', '  ')).toBeUndefined();
    expect(parseAccept('.csv, text/plain,')).toEqual(['.csv', 'text/plain']);
    expect(parseAccept(' ')).toBeUndefined();
  });

  it('puts the server’s problems at the field and key they are about', () => {
    const schema = [
      { name: 'a', label: '', kind: 'string' },
      { name: 'a', label: 'B', kind: 'integer', default: 1.5 },
      { name: 'f', label: 'F', kind: 'file', min: 2, max: 1 },
      { name: 'g', label: 'G', kind: 'file' },
    ];
    const sv = schemaProblems('input', schema, 'sv');
    expect(sv.fields[0]).toEqual({ label: 'Fältet behöver en etikett.' });
    expect(sv.fields[1]).toMatchObject({ name: 'Namnet "a" används redan.', default: expect.any(String) });
    expect(sv.fields[2]).toEqual({ max: '"max" får inte vara mindre än "min".' });
    expect(sv.general).toEqual(['Högst ett filfält per formulär.']);
    expect(schemaProblems('settings', [{ name: 'f', label: 'F', kind: 'file' }], 'en').fields[0]).toEqual({
      kind: expect.stringContaining('Unknown kind'),
    });
  });

  it('parses the JSON view and says what is wrong with it', () => {
    expect(parseSchemaJson('[{"name": "a"}]')).toEqual({ fields: [{ name: 'a' }] });
    expect(parseSchemaJson('{"name": "a"}')).toEqual({ error: 'notList', detail: '' });
    expect(parseSchemaJson('[{')).toMatchObject({ error: 'syntax' });
  });
});
