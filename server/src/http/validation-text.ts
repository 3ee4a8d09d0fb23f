import { hintOf, text, type Text } from '@skriptoteket/contracts';

/** One failed check of a route's zod schema, as fastify-type-provider-zod reports it (the zod issue's code). */
export interface SchemaValidationFailure {
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

const typeNames: Record<string, Text> = {
  string: text('text', 'text'),
  number: text('ett tal', 'a number'),
  int: text('ett heltal', 'a whole number'),
  boolean: text('sant eller falskt', 'true or false'),
  array: text('en lista', 'a list'),
  object: text('ett objekt', 'an object'),
};

const sizeUnits: Record<string, Text> = {
  string: text('tecken', 'characters'),
  array: text('st', 'items'),
  set: text('st', 'items'),
  file: text('byte', 'bytes'),
};

const shown = (values: unknown[]) =>
  values
    .slice(0, 10)
    .map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))
    .join(', ');

const num = (value: unknown) =>
  typeof value === 'number' || typeof value === 'bigint' ? String(value) : '?';

/**
 * What a failed schema check says about the field, in both languages. Zod's own wording is English and
 * technical ("Too small: expected string to have >=1 characters"); people read these instead. `isMissing`:
 * the request had no value there at all.
 */
export function validationText(failure: SchemaValidationFailure, isMissing: boolean): Text {
  const params = failure.params ?? {};
  const hint = hintOf(failure.message);
  if (hint) return hint;
  switch (failure.keyword) {
    case 'invalid_type': {
      if (isMissing) return text('Obligatoriskt. Fyll i det.', 'Required. Fill it in.');
      const type = typeNames[String(params['expected'])];
      return type ? text(`Ska vara ${type.sv}.`, `Must be ${type.en}.`) : INVALID;
    }
    case 'too_small':
      return bound(params, 'min');
    case 'too_big':
      return bound(params, 'max');
    case 'invalid_value': {
      const values = Array.isArray(params['values']) ? params['values'] : [];
      return values.length === 0
        ? INVALID
        : text(`Tillåtna värden: ${shown(values)}.`, `Allowed values: ${shown(values)}.`);
    }
    case 'invalid_format':
      return params['format'] === 'email'
        ? text('Ogiltig e-postadress.', 'Invalid email address.')
        : params['format'] === 'uuid'
          ? text('Ogiltigt id.', 'Invalid id.')
          : text('Ogiltigt format.', 'Invalid format.');
    case 'unrecognized_keys': {
      const keys = Array.isArray(params['keys']) ? params['keys'] : [];
      return text(`Okänd nyckel: ${shown(keys)}.`, `Unknown key: ${shown(keys)}.`);
    }
    default:
      return INVALID;
  }
}

const INVALID = text('Ogiltigt värde.', 'Invalid value.');

function bound(params: Record<string, unknown>, which: 'min' | 'max'): Text {
  const limit = num(params[which === 'min' ? 'minimum' : 'maximum']);
  const isInclusive = params['inclusive'] !== false;
  const unit = sizeUnits[String(params['origin'])];
  if (which === 'min' && limit === '1' && isInclusive) {
    if (params['origin'] === 'string') return text('Får inte vara tomt.', 'Must not be empty.');
    if (params['origin'] === 'array' || params['origin'] === 'set')
      return text('Välj minst en.', 'Choose at least one.');
  }
  if (unit) {
    return which === 'min'
      ? text(`Minst ${limit} ${unit.sv}.`, `At least ${limit} ${unit.en}.`)
      : text(`Högst ${limit} ${unit.sv}.`, `At most ${limit} ${unit.en}.`);
  }
  if (which === 'min') {
    return isInclusive
      ? text(`Minst ${limit}.`, `At least ${limit}.`)
      : text(`Måste vara större än ${limit}.`, `Must be greater than ${limit}.`);
  }
  return isInclusive
    ? text(`Högst ${limit}.`, `At most ${limit}.`)
    : text(`Måste vara mindre än ${limit}.`, `Must be less than ${limit}.`);
}
