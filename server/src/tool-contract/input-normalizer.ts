/**
 * What a user submits → what a run gets (TOOL-CONTRACT.md §4): form values, next-action input and saved
 * settings. The rules for one value and for files live in the contracts (`input-rules.ts`) so the run form
 * shows the same messages before sending; this adds what only the server sees (unknown keys, objects).
 */
import {
  coerceFieldValue,
  fieldTitle,
  quoted,
  readSchemaFields,
  requiredFieldMessage,
  text,
  type JsonValue,
  type SchemaField,
  type TextIssue,
} from '@skriptoteket/contracts';
import { setOwn } from '@skriptoteket/contracts/json-exact';

export type InputValues = Record<string, JsonValue>;
export type NormalizedInput = { values: InputValues } | { issues: TextIssue[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const own = (object: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

/** The run form's values against `input_schema` (validated). Path of an issue: ['inputs', field name]. */
export function normalizeFormInputs(schema: readonly unknown[], submitted: unknown): NormalizedInput {
  return normalizeValues(readSchemaFields(schema), submitted, 'inputs');
}

/**
 * A next action's input against the fields the latest run offered, or a settings form against
 * `settings_schema` (same rules, plus `multi_enum`). Path of an issue: [root, field name].
 */
export function normalizeActionInput(
  fields: readonly unknown[],
  submitted: unknown,
  root = 'input',
): NormalizedInput {
  return normalizeValues(readSchemaFields(fields), submitted, root);
}

/**
 * Saved settings against the running version's `settings_schema`: what no longer fits (unknown key, wrong
 * kind, removed option) is left out instead of failing the run.
 */
export function normalizeSettings(schema: readonly unknown[], stored: unknown): InputValues {
  const values: InputValues = {};
  if (!isRecord(stored)) return values;
  for (const field of readSchemaFields(schema)) {
    if (field.kind === 'file') continue;
    const result = coerceFieldValue(field, own(stored, field.name));
    if ('value' in result) setOwn(values, field.name, result.value);
  }
  return values;
}

function normalizeValues(fields: SchemaField[], submitted: unknown, root: string): NormalizedInput {
  if (submitted !== undefined && submitted !== null && !isRecord(submitted)) {
    return {
      issues: [
        {
          path: [root],
          message: text(
            'Värdena ska skickas som ett objekt med ett värde per fält.',
            'The values must be sent as an object with one value per field.',
          ),
        },
      ],
    };
  }
  const given = submitted ?? {};
  const byName = new Map(fields.map((field) => [field.name, field]));
  const issues: TextIssue[] = [];
  for (const key of Object.keys(given)) {
    const field = byName.get(key);
    const message = !field
      ? text(
          `Okänt fält ${quoted(key)}. Ladda om sidan och försök igen.`,
          `Unknown field ${quoted(key)}. Reload the page and try again.`,
        )
      : field.kind === 'file' && given[key] !== null && given[key] !== undefined
        ? text(
            `Fältet ${fieldTitle(field)} tar emot filer, inte värden.`,
            `The field ${fieldTitle(field)} takes files, not values.`,
          )
        : null;
    if (message) issues.push({ path: [root, key], message });
  }
  const values: InputValues = {};
  for (const field of fields) {
    if (field.kind === 'file') continue;
    const result = coerceFieldValue(field, own(given, field.name));
    if ('error' in result) issues.push({ path: [root, field.name], message: result.error });
    else if ('value' in result) setOwn(values, field.name, result.value);
    else if (field.required === true)
      issues.push({ path: [root, field.name], message: requiredFieldMessage(field) });
  }
  return issues.length > 0 ? { issues } : { values };
}
