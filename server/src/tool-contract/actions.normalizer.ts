/**
 * A tool's `next_actions` → the stored actions (TOOL-CONTRACT.md §3, Next actions): ordered by action_id, at
 * most 10 with 25 fields each, enum options capped, prefill entries checked one by one. An invalid action is
 * left out and reported; every cut is reported. Notes are the texts of trailing system notices.
 */
import type {
  ActionField,
  ActionFieldKind,
  JsonObject,
  JsonValue,
  NextAction,
} from '@skriptoteket/contracts';
import { setOwn } from '@skriptoteket/contracts/json-exact';
import { LIMITS, describe, fmt, get, isObject, plural, quote, were } from './normalize-helpers';

export interface NormalizedActions {
  actions: NextAction[];
  notes: string[];
}

const FIELD_KINDS: ReadonlySet<string> = new Set<ActionFieldKind>([
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'enum',
  'multi_enum',
]);
const LISTED = 10;

type Read<T> = { value: T } | { invalid: string };

export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const listed = (items: string[], separator = ', ') =>
  items.slice(0, LISTED).join(separator) +
  (items.length > LISTED ? `${separator}and ${fmt(items.length - LISTED)} more` : '');

/** `raw` holds sanitized JSON (see sanitizeJson). */
export function normalizeActions(raw: JsonValue[]): NormalizedActions {
  const valid: { action: NextAction; cuts: string[] }[] = [];
  const invalid: string[] = [];
  const ids = new Set<string>();
  raw.forEach((item, index) => {
    const cuts: string[] = [];
    const read = readAction(item, cuts);
    if ('invalid' in read) invalid.push(`next action ${index + 1}: ${read.invalid}`);
    else if (ids.has(read.value.action_id)) {
      invalid.push(`next action ${index + 1}: the action_id ${quote(read.value.action_id)} is used twice`);
    } else {
      ids.add(read.value.action_id);
      valid.push({ action: read.value, cuts });
    }
  });
  valid.sort((a, b) => byCodeUnits(a.action.action_id, b.action.action_id));
  const kept = valid.slice(0, LIMITS.actions);
  const notes: string[] = [];
  if (invalid.length > 0) {
    notes.push(
      `${plural(invalid.length, 'next action')} ${were(invalid.length)} invalid and not offered: ${listed(invalid, '; ')}.`,
    );
  }
  for (const { action, cuts } of kept) {
    if (cuts.length > 0) notes.push(`next action ${quote(action.action_id)} was cut: ${cuts.join('; ')}.`);
  }
  if (valid.length > kept.length) {
    const dropped = valid.slice(kept.length).map(({ action }) => quote(action.action_id));
    notes.push(
      `${fmt(dropped.length)} of ${plural(valid.length, 'next action')} ${were(dropped.length)} dropped (limit ${LIMITS.actions}): ${listed(dropped)}.`,
    );
  }
  return { actions: kept.map(({ action }) => action), notes };
}

function nonBlank(value: JsonValue | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function readAction(raw: JsonValue, cuts: string[]): Read<NextAction> {
  if (!isObject(raw)) return { invalid: 'it is not an object' };
  const id = get(raw, 'action_id');
  const label = get(raw, 'label');
  const kind = get(raw, 'kind') ?? 'form';
  const fieldsRaw = get(raw, 'fields') ?? [];
  if (!nonBlank(id)) return { invalid: 'it has no action_id' };
  if (!nonBlank(label)) return { invalid: `${quote(id)} has no label` };
  if (kind !== 'form') return { invalid: `${quote(id)} has kind ${describe(kind)}, not "form"` };
  if (!Array.isArray(fieldsRaw)) return { invalid: `the fields of ${quote(id)} are not a list` };
  if (fieldsRaw.length > LIMITS.fieldsPerAction) {
    const extra = fieldsRaw.length - LIMITS.fieldsPerAction;
    cuts.push(
      `${fmt(extra)} of ${plural(fieldsRaw.length, 'field')} dropped (limit ${LIMITS.fieldsPerAction})`,
    );
  }
  const fields: ActionField[] = [];
  for (const [index, fieldRaw] of fieldsRaw.slice(0, LIMITS.fieldsPerAction).entries()) {
    const field = readField(fieldRaw, index + 1, cuts);
    if ('invalid' in field) return { invalid: `${quote(id)}: ${field.invalid}` };
    if (fields.some((f) => f.name === field.value.name)) {
      return { invalid: `${quote(id)}: the field name ${quote(field.value.name)} is used twice` };
    }
    fields.push(field.value);
  }
  const prefill = readPrefill(get(raw, 'prefill'), fields, cuts);
  return { value: { action_id: id.trim(), label: label.trim(), kind: 'form', fields, prefill } };
}

function readField(raw: JsonValue, position: number, cuts: string[]): Read<ActionField> {
  if (!isObject(raw)) return { invalid: `field ${position} is not an object` };
  const name = get(raw, 'name');
  const label = get(raw, 'label');
  const kind = get(raw, 'kind');
  if (!nonBlank(name)) return { invalid: `field ${position} has no name` };
  const at = `field ${quote(name.trim())}`;
  if (!nonBlank(label)) return { invalid: `${at} has no label` };
  if (typeof kind !== 'string' || !FIELD_KINDS.has(kind))
    return { invalid: `${at} has unknown kind ${describe(kind)}` };
  const field: ActionField = { name: name.trim(), label: label.trim(), kind: kind as ActionFieldKind };
  if (kind !== 'enum' && kind !== 'multi_enum') return { value: field };
  const optionsRaw = get(raw, 'options');
  if (!Array.isArray(optionsRaw) || optionsRaw.length === 0) return { invalid: `${at} has no options` };
  const max = kind === 'enum' ? LIMITS.enumOptions : LIMITS.multiEnumOptions;
  if (optionsRaw.length > max) {
    cuts.push(
      `${at}: ${fmt(optionsRaw.length - max)} of ${plural(optionsRaw.length, 'option')} dropped (limit ${max})`,
    );
  }
  field.options = [];
  for (const [index, option] of optionsRaw.slice(0, max).entries()) {
    const value = isObject(option) ? get(option, 'value') : undefined;
    const optionLabel = isObject(option) ? get(option, 'label') : undefined;
    if (!nonBlank(value) || !nonBlank(optionLabel)) {
      return { invalid: `${at}: option ${index + 1} needs a non-blank value and label` };
    }
    if (field.options.some((o) => o.value === value.trim())) {
      return { invalid: `${at}: the option value ${quote(value.trim())} is used twice` };
    }
    field.options.push({ value: value.trim(), label: optionLabel.trim() });
  }
  return { value: field };
}

/** Keys sorted; a null entry means "no initial value" and is left out without a note. */
function readPrefill(raw: JsonValue | undefined, fields: ActionField[], cuts: string[]): JsonObject {
  const prefill: JsonObject = {};
  if (raw === undefined || raw === null) return prefill;
  if (!isObject(raw)) {
    cuts.push('its prefill is not an object and was dropped');
    return prefill;
  }
  const dropped: string[] = [];
  for (const key of Object.keys(raw).sort(byCodeUnits)) {
    const value = raw[key]!;
    if (value === null) continue;
    const field = fields.find((f) => f.name === key);
    const problem = field ? prefillProblem(field, value) : 'unknown field';
    if (problem) dropped.push(`${quote(key)} (${problem})`);
    else setOwn(prefill, key, Array.isArray(value) ? [...new Set(value)] : value);
  }
  if (dropped.length > 0) cuts.push(`prefill ${listed(dropped)} dropped`);
  return prefill;
}

function prefillProblem(field: ActionField, value: JsonValue): string | null {
  const options = new Set((field.options ?? []).map((o) => o.value));
  switch (field.kind) {
    case 'string':
    case 'text':
      return typeof value === 'string' ? null : 'not text';
    case 'integer':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint'
        ? null
        : 'not an integer';
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint' ? null : 'not a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not true/false';
    case 'enum':
      return typeof value !== 'string' ? 'not text' : options.has(value) ? null : 'not one of the options';
    case 'multi_enum':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return 'not a list of option values';
      return value.every((v) => options.has(v)) ? null : 'not among the options';
  }
}
