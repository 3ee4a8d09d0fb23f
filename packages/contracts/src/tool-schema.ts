/**
 * `input_schema` and `settings_schema` of a tool version (TOOL-CONTRACT.md §4) and their validation.
 * Shared by the server (saving is refused on any issue) and the editor (live feedback).
 */

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

export interface SchemaIssue {
  path: (string | number)[];
  message: string;
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

export function validateInputSchema(schema: unknown): SchemaIssue[] {
  return validateFields(schema, inputFieldKinds, 'input');
}

export function validateSettingsSchema(schema: unknown): SchemaIssue[] {
  return validateFields(schema, settingsFieldKinds, 'settings');
}

function validateFields(
  schema: unknown,
  kinds: readonly string[],
  which: 'input' | 'settings',
): SchemaIssue[] {
  if (!Array.isArray(schema)) return [{ path: [], message: 'Schemat ska vara en lista med fält.' }];
  const issues: SchemaIssue[] = [];
  if (schema.length > MAX_FIELDS) issues.push({ path: [], message: `Högst ${MAX_FIELDS} fält.` });
  const seen = new Set<string>();
  let fileFields = 0;
  schema.forEach((field: unknown, index) => {
    const at = (...rest: (string | number)[]) => [index, ...rest];
    if (!isObject(field)) {
      issues.push({ path: at(), message: 'Varje fält ska vara ett objekt.' });
      return;
    }
    for (const key of Object.keys(field)) {
      if (!KNOWN_KEYS.has(key)) issues.push({ path: at(key), message: `Okänd nyckel "${key}".` });
    }
    if (!isNonBlank(field['name'])) issues.push({ path: at('name'), message: 'Fältet behöver ett namn.' });
    else if (field['name'].length > 100)
      issues.push({ path: at('name'), message: 'Namnet får vara högst 100 tecken.' });
    else if (seen.has(field['name']))
      issues.push({ path: at('name'), message: `Namnet "${field['name']}" används redan.` });
    else seen.add(field['name']);
    if (!isNonBlank(field['label']))
      issues.push({ path: at('label'), message: 'Fältet behöver en etikett.' });
    if (field['help'] !== undefined && typeof field['help'] !== 'string') {
      issues.push({ path: at('help'), message: 'Hjälptexten ska vara text.' });
    }
    if (field['required'] !== undefined && typeof field['required'] !== 'boolean') {
      issues.push({ path: at('required'), message: '"required" ska vara true eller false.' });
    }
    const kind = field['kind'];
    if (typeof kind !== 'string' || !kinds.includes(kind)) {
      issues.push({ path: at('kind'), message: `Okänd typ. Tillåtna typer: ${kinds.join(', ')}.` });
      return;
    }
    if (kind === 'enum' || kind === 'multi_enum') issues.push(...validateOptions(field['options'], kind, at));
    else if (field['options'] !== undefined)
      issues.push({ path: at('options'), message: 'Bara val-fält har alternativ.' });
    if (kind === 'file') {
      fileFields++;
      issues.push(...validateFileField(field, at));
    } else {
      for (const key of ['min', 'max', 'accept'] as const) {
        if (field[key] !== undefined)
          issues.push({ path: at(key), message: `"${key}" gäller bara filfält.` });
      }
      if (field['default'] !== undefined) issues.push(...validateDefault(field, kind, at));
    }
  });
  if (fileFields > 1) issues.push({ path: [], message: 'Högst ett filfält per formulär.' });
  if (which === 'settings' && fileFields > 0)
    issues.push({ path: [], message: 'Inställningar kan inte ha filfält.' });
  return issues;
}

function validateOptions(
  options: unknown,
  kind: string,
  at: (...rest: (string | number)[]) => (string | number)[],
): SchemaIssue[] {
  if (!Array.isArray(options) || options.length === 0) {
    return [{ path: at('options'), message: 'Ett val-fält behöver minst ett alternativ.' }];
  }
  const issues: SchemaIssue[] = [];
  const max = MAX_OPTIONS[kind] ?? 100;
  if (options.length > max) issues.push({ path: at('options'), message: `Högst ${max} alternativ.` });
  const values = new Set<string>();
  options.forEach((option: unknown, i) => {
    if (!isObject(option) || !isNonBlank(option['value']) || !isNonBlank(option['label'])) {
      issues.push({
        path: at('options', i),
        message: 'Varje alternativ behöver "value" och "label" som text.',
      });
    } else if (values.has(option['value'])) {
      issues.push({ path: at('options', i, 'value'), message: `Värdet "${option['value']}" finns redan.` });
    } else {
      values.add(option['value']);
    }
  });
  return issues;
}

function validateFileField(
  field: Record<string, unknown>,
  at: (...rest: (string | number)[]) => (string | number)[],
): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const min = field['min'] ?? 0;
  const max = field['max'] ?? 1;
  if (!isInt(min) || min < 0) issues.push({ path: at('min'), message: '"min" ska vara ett heltal ≥ 0.' });
  if (!isInt(max) || max < 1) issues.push({ path: at('max'), message: '"max" ska vara ett heltal ≥ 1.' });
  else if (isInt(min) && max < min)
    issues.push({ path: at('max'), message: '"max" får inte vara mindre än "min".' });
  const accept = field['accept'];
  if (accept !== undefined && (!Array.isArray(accept) || !accept.every(isNonBlank))) {
    issues.push({
      path: at('accept'),
      message: '"accept" ska vara en lista med filändelser eller MIME-typer.',
    });
  }
  if (field['default'] !== undefined)
    issues.push({ path: at('default'), message: 'Ett filfält kan inte ha standardvärde.' });
  return issues;
}

function validateDefault(
  field: Record<string, unknown>,
  kind: string,
  at: (...rest: (string | number)[]) => (string | number)[],
): SchemaIssue[] {
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
    : [{ path: at('default'), message: 'Standardvärdet passar inte fältets typ eller alternativ.' }];
}
