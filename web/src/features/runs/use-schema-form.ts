import type { FieldIssue, Locale, SchemaField } from '@skriptoteket/contracts';
import { computed, ref } from 'vue';
import {
  fieldError,
  formErrors,
  initialValues,
  issueField,
  submittedValues,
  valueFields,
  type FormValue,
  type FormValues,
} from './form-model';

/**
 * The state of one generated form (a tool's input form, a next action, the settings): values, the messages
 * shown at fields, and when they are checked (on leaving a field, again on every change once a message shows,
 * and all at once on submit). Server issues land on the same fields.
 */
export function useSchemaForm(
  schema: readonly unknown[],
  given: Record<string, unknown> = {},
  /** The reader's language, read when a message is made (the page may switch it). */
  locale: () => Locale = () => 'sv',
) {
  const fields: SchemaField[] = valueFields(schema);
  const values = ref<FormValues>(initialValues(fields, given));
  const errors = ref<Record<string, string>>({});
  const byName = new Map(fields.map((field) => [field.name, field]));

  function check(name: string): void {
    const field = byName.get(name);
    if (!field) return;
    const message = fieldError(field, values.value[name], locale());
    const { [name]: _old, ...rest } = errors.value;
    errors.value = message ? { ...rest, [name]: message } : rest;
  }

  function set(name: string, value: FormValue): void {
    values.value = { ...values.value, [name]: value };
    // A message that is showing follows the value, so it goes away as soon as the value is right.
    if (errors.value[name]) check(name);
  }

  /** Checks every field, shows every message; returns the names with a problem, in form order. */
  function validate(): string[] {
    errors.value = formErrors(fields, values.value, locale());
    return fields.map((f) => f.name).filter((name) => errors.value[name]);
  }

  /** Puts the server's issues on their fields; returns the messages that belong to no field of this form. */
  function applyIssues(issues: readonly FieldIssue[], root: string): string[] {
    const next = { ...errors.value };
    const unplaced: string[] = [];
    for (const issue of issues) {
      const name = issueField(issue, root);
      if (name && byName.has(name)) next[name] ??= issue.message;
      else unplaced.push(issue.message);
    }
    errors.value = next;
    return unplaced;
  }

  function reset(start: Record<string, unknown> = given): void {
    values.value = initialValues(fields, start);
    errors.value = {};
  }

  return {
    fields,
    values,
    errors,
    isValid: computed(() => Object.keys(formErrors(fields, values.value, locale())).length === 0),
    set,
    blur: check,
    validate,
    applyIssues,
    reset,
    submission: () => submittedValues(fields, values.value),
  };
}

export type SchemaForm = ReturnType<typeof useSchemaForm>;
