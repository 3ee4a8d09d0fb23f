/**
 * `input_schema` and `settings_schema` of a tool version (TOOL-CONTRACT.md §4) and their validation.
 * Shared by the server (saving is refused on any issue) and the editor (live feedback); issues are in both
 * languages, each shows the reader's.
 */
import { text, type TextIssue } from './text';

export const inputFieldKinds = ['string', 'text', 'integer', 'number', 'boolean', 'enum', 'file'] as const;
export const settingsFieldKinds = [
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'enum',
  'multi_enum',
] as const;
export type InputFieldKind = (typeof inputFieldKinds)[number];
export type SettingsFieldKind = (typeof settingsFieldKinds)[number];

export interface FieldOption {
  value: string;
  label: string;
}

export interface SchemaField {
  name: string;
  label: string;
  kind: InputFieldKind | SettingsFieldKind;
  help?: string;
  required?: boolean;
  default?: unknown;
  options?: FieldOption[];
  min?: number;
  max?: number;
  accept?: string[];
}

const MAX_FIELDS = 50;
const MAX_OPTIONS: Record<string, number> = { enum: 100, multi_enum: 200 };
const KNOWN_KEYS = new Set([
  'name',
  'label',
  'kind',
  'help',
  'required',
  'default',
  'options',
  'min',
  'max',
  'accept',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonBlank = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';
const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

export function validateInputSchema(schema: unknown): TextIssue[] {
  return validateFields(schema, inputFieldKinds, 'input');
}

export function validateSettingsSchema(schema: unknown): TextIssue[] {
  return validateFields(schema, settingsFieldKinds, 'settings');
}

function validateFields(schema: unknown, kinds: readonly string[], which: 'input' | 'settings'): TextIssue[] {
  if (!Array.isArray(schema))
    return [
      {
        path: [],
        message: text('Schemat ska vara en lista med fält.', 'The schema must be a list of fields.'),
      },
    ];
  const issues: TextIssue[] = [];
  if (schema.length > MAX_FIELDS)
    issues.push({ path: [], message: text(`Högst ${MAX_FIELDS} fält.`, `At most ${MAX_FIELDS} fields.`) });
  const seen = new Set<string>();
  let fileFields = 0;
  schema.forEach((field: unknown, index) => {
    const at = (...rest: (string | number)[]) => [index, ...rest];
    if (!isObject(field)) {
      issues.push({
        path: at(),
        message: text('Varje fält ska vara ett objekt.', 'Each field must be an object.'),
      });
      return;
    }
    for (const key of Object.keys(field)) {
      if (!KNOWN_KEYS.has(key))
        issues.push({ path: at(key), message: text(`Okänd nyckel "${key}".`, `Unknown key "${key}".`) });
    }
    if (!isNonBlank(field['name']))
      issues.push({ path: at('name'), message: text('Fältet behöver ett namn.', 'The field needs a name.') });
    else if (field['name'].length > 100)
      issues.push({
        path: at('name'),
        message: text('Namnet får vara högst 100 tecken.', 'The name can be at most 100 characters.'),
      });
    else if (seen.has(field['name']))
      issues.push({
        path: at('name'),
        message: text(
          `Namnet "${field['name']}" används redan.`,
          `The name "${field['name']}" is already used.`,
        ),
      });
    else seen.add(field['name']);
    if (!isNonBlank(field['label']))
      issues.push({
        path: at('label'),
        message: text('Fältet behöver en etikett.', 'The field needs a label.'),
      });
    if (field['help'] !== undefined && typeof field['help'] !== 'string') {
      issues.push({
        path: at('help'),
        message: text('Hjälptexten ska vara text.', 'The help text must be text.'),
      });
    }
    if (field['required'] !== undefined && typeof field['required'] !== 'boolean') {
      issues.push({
        path: at('required'),
        message: text('"required" ska vara true eller false.', '"required" must be true or false.'),
      });
    }
    const kind = field['kind'];
    if (typeof kind !== 'string' || !kinds.includes(kind)) {
      issues.push({
        path: at('kind'),
        message: text(
          `Okänd typ. Tillåtna typer: ${kinds.join(', ')}.`,
          `Unknown kind. Allowed kinds: ${kinds.join(', ')}.`,
        ),
      });
      return;
    }
    if (kind === 'enum' || kind === 'multi_enum') issues.push(...validateOptions(field['options'], kind, at));
    else if (field['options'] !== undefined)
      issues.push({
        path: at('options'),
        message: text('Bara val-fält har alternativ.', 'Only choice fields have options.'),
      });
    if (kind === 'file') {
      fileFields++;
      issues.push(...validateFileField(field, at));
    } else {
      for (const key of ['min', 'max', 'accept'] as const) {
        if (field[key] !== undefined)
          issues.push({
            path: at(key),
            message: text(`"${key}" gäller bara filfält.`, `"${key}" applies to file fields only.`),
          });
      }
      if (field['default'] !== undefined) issues.push(...validateDefault(field, kind, at));
    }
  });
  if (fileFields > 1)
    issues.push({
      path: [],
      message: text('Högst ett filfält per formulär.', 'At most one file field per form.'),
    });
  if (which === 'settings' && fileFields > 0)
    issues.push({
      path: [],
      message: text('Inställningar kan inte ha filfält.', 'Settings cannot have file fields.'),
    });
  return issues;
}

function validateOptions(
  options: unknown,
  kind: string,
  at: (...rest: (string | number)[]) => (string | number)[],
): TextIssue[] {
  if (!Array.isArray(options) || options.length === 0) {
    return [
      {
        path: at('options'),
        message: text(
          'Ett val-fält behöver minst ett alternativ.',
          'A choice field needs at least one option.',
        ),
      },
    ];
  }
  const issues: TextIssue[] = [];
  const max = MAX_OPTIONS[kind] ?? 100;
  if (options.length > max)
    issues.push({
      path: at('options'),
      message: text(`Högst ${max} alternativ.`, `At most ${max} options.`),
    });
  const values = new Set<string>();
  options.forEach((option: unknown, i) => {
    if (!isObject(option) || !isNonBlank(option['value']) || !isNonBlank(option['label'])) {
      issues.push({
        path: at('options', i),
        message: text(
          'Varje alternativ behöver "value" och "label" som text.',
          'Each option needs "value" and "label" as text.',
        ),
      });
    } else if (values.has(option['value'])) {
      issues.push({
        path: at('options', i, 'value'),
        message: text(
          `Värdet "${option['value']}" finns redan.`,
          `The value "${option['value']}" is already used.`,
        ),
      });
    } else {
      values.add(option['value']);
    }
  });
  return issues;
}

function validateFileField(
  field: Record<string, unknown>,
  at: (...rest: (string | number)[]) => (string | number)[],
): TextIssue[] {
  const issues: TextIssue[] = [];
  const min = field['min'] ?? 0;
  const max = field['max'] ?? 1;
  if (!isInt(min) || min < 0)
    issues.push({
      path: at('min'),
      message: text('"min" ska vara ett heltal ≥ 0.', '"min" must be a whole number ≥ 0.'),
    });
  if (!isInt(max) || max < 1)
    issues.push({
      path: at('max'),
      message: text('"max" ska vara ett heltal ≥ 1.', '"max" must be a whole number ≥ 1.'),
    });
  else if (isInt(min) && max < min)
    issues.push({
      path: at('max'),
      message: text('"max" får inte vara mindre än "min".', '"max" cannot be less than "min".'),
    });
  const accept = field['accept'];
  if (accept !== undefined && (!Array.isArray(accept) || !accept.every(isNonBlank))) {
    issues.push({
      path: at('accept'),
      message: text(
        '"accept" ska vara en lista med filändelser eller MIME-typer.',
        '"accept" must be a list of file extensions or MIME types.',
      ),
    });
  }
  if (field['default'] !== undefined)
    issues.push({
      path: at('default'),
      message: text('Ett filfält kan inte ha standardvärde.', 'A file field cannot have a default value.'),
    });
  return issues;
}

function validateDefault(
  field: Record<string, unknown>,
  kind: string,
  at: (...rest: (string | number)[]) => (string | number)[],
): TextIssue[] {
  const value = field['default'];
  const optionValues = Array.isArray(field['options'])
    ? (field['options'] as unknown[]).filter(isObject).map((o) => o['value'])
    : [];
  const ok =
    kind === 'string' || kind === 'text'
      ? typeof value === 'string'
      : kind === 'integer'
        ? isInt(value)
        : kind === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : kind === 'boolean'
            ? typeof value === 'boolean'
            : kind === 'enum'
              ? optionValues.includes(value)
              : Array.isArray(value) && value.every((v) => optionValues.includes(v));
  return ok
    ? []
    : [
        {
          path: at('default'),
          message: text(
            'Standardvärdet passar inte fältets typ eller alternativ.',
            "The default value does not fit the field's kind or options.",
          ),
        },
      ];
}
