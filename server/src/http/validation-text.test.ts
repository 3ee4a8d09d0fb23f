import { hintKey } from '@skriptoteket/contracts';
import { describe, expect, it } from 'vitest';
import { validationText } from './validation-text';

describe('validationText', () => {
  it.each([
    [
      { keyword: 'invalid_type', params: { expected: 'string' } },
      true,
      'Obligatoriskt. Fyll i det.',
      'Required. Fill it in.',
    ],
    [
      { keyword: 'invalid_type', params: { expected: 'int' } },
      false,
      'Ska vara ett heltal.',
      'Must be a whole number.',
    ],
    [{ keyword: 'invalid_type', params: { expected: 'bigint' } }, false, 'Ogiltigt värde.', 'Invalid value.'],
    [
      { keyword: 'too_small', params: { origin: 'number', minimum: 0, inclusive: true } },
      false,
      'Minst 0.',
      'At least 0.',
    ],
    [
      { keyword: 'too_small', params: { origin: 'number', minimum: 0, inclusive: false } },
      false,
      'Måste vara större än 0.',
      'Must be greater than 0.',
    ],
    [
      { keyword: 'too_small', params: { origin: 'string', minimum: 2, inclusive: true } },
      false,
      'Minst 2 tecken.',
      'At least 2 characters.',
    ],
    [
      { keyword: 'too_small', params: { origin: 'array', minimum: 1, inclusive: true } },
      false,
      'Välj minst en.',
      'Choose at least one.',
    ],
    [
      { keyword: 'too_big', params: { origin: 'array', maximum: 5, inclusive: true } },
      false,
      'Högst 5 st.',
      'At most 5 items.',
    ],
    [{ keyword: 'invalid_format', params: { format: 'uuid' } }, false, 'Ogiltigt id.', 'Invalid id.'],
    [
      { keyword: 'invalid_format', message: hintKey('slug'), params: { format: 'regex' } },
      false,
      'Bara a–z, 0–9 och bindestreck mellan ord.',
      'Only a–z, 0–9 and hyphens between words.',
    ],
    [
      { keyword: 'invalid_format', message: 'hint:nope', params: { format: 'regex' } },
      false,
      'Ogiltigt format.',
      'Invalid format.',
    ],
    [
      { keyword: 'unrecognized_keys', params: { keys: ['x', 'y'] } },
      false,
      'Okänd nyckel: x, y.',
      'Unknown key: x, y.',
    ],
    [{ keyword: 'invalid_union', params: {} }, false, 'Ogiltigt värde.', 'Invalid value.'],
  ])('%j → %s', (failure, isMissing, sv, en) => {
    expect(validationText(failure, isMissing)).toEqual({ sv, en });
  });
});
