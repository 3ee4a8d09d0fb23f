import { describe, expect, it } from 'vitest';
import { useSchemaForm } from './use-schema-form';

const SCHEMA = [
  { name: 'klass', label: 'Klass', kind: 'string', required: true },
  { name: 'antal', label: 'Antal', kind: 'integer', default: 4 },
  { name: 'lista', label: 'Lista', kind: 'file' },
];

describe('useSchemaForm', () => {
  it('shows a field’s message on leaving it and drops it as soon as the value is right', () => {
    const form = useSchemaForm(SCHEMA);
    expect(form.errors.value).toEqual({});
    form.blur('klass');
    expect(form.errors.value).toEqual({ klass: 'Fältet "Klass" är obligatoriskt. Fyll i det.' });
    form.set('antal', 'x');
    expect(form.errors.value.antal).toBeUndefined();
    form.set('klass', '7A');
    expect(form.errors.value).toEqual({});
    expect(form.isValid.value).toBe(false);
    form.set('antal', '5');
    expect(form.isValid.value).toBe(true);
  });

  it('checks everything on submit and names the fields to fix in form order', () => {
    const form = useSchemaForm(SCHEMA);
    form.set('antal', '1.5');
    expect(form.validate()).toEqual(['klass', 'antal']);
    expect(Object.keys(form.errors.value)).toEqual(['klass', 'antal']);
  });

  it('places server issues on its own fields and hands back the rest', () => {
    const form = useSchemaForm(SCHEMA, { klass: '7A' });
    const rest = form.applyIssues(
      [
        { path: ['inputs', 'antal'], message: 'För stort.' },
        { path: ['inputs', 'okänt'], message: 'Okänt fält "okänt".' },
        { path: ['inputs'], message: 'Fel form.' },
      ],
      'inputs',
    );
    expect(form.errors.value).toEqual({ antal: 'För stort.' });
    expect(rest).toEqual(['Okänt fält "okänt".', 'Fel form.']);
  });

  it('starts again from given values and sends only what is filled in', () => {
    const form = useSchemaForm(SCHEMA, { klass: '7A' });
    expect(form.submission()).toEqual({ klass: '7A', antal: '4' });
    form.validate();
    form.reset({ klass: '8B', antal: 2 });
    expect(form.values.value).toEqual({ klass: '8B', antal: '2' });
    expect(form.errors.value).toEqual({});
  });
});
