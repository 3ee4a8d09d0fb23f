import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { createAppI18n } from '../../i18n/index';
import type { Message } from '../../i18n/message';
import { caretLine } from './compile-error';
import { governanceErrorMessage } from './governance-errors';

function textOf(message: Message, locale: 'sv' | 'en'): string {
  return 'text' in message ? message.text : createAppI18n(locale).global.t(message.key, message.params ?? {});
}

const refusal = (details: Record<string, unknown>) =>
  new ApiError({
    code: 'CONFLICT',
    status: 409,
    message: 'Serverns text.',
    details: { reason: 'DOES_NOT_COMPILE', ...details },
  });

describe('a refusal because the code does not compile', () => {
  it('reads as the server words it, in Swedish and in English', () => {
    const message = governanceErrorMessage(
      refusal({ message: 'invalid syntax', line: 3, column: 9, text: 'x = = 2' }),
    );

    expect(textOf(message, 'sv')).toBe(
      'Koden går inte att kompilera (rad 3, kolumn 9): invalid syntax. Rätta felet och spara en ny version.',
    );
    expect(textOf(message, 'en')).toBe(
      'The code does not compile (line 3, column 9): invalid syntax. Fix the error and save a new version.',
    );
  });

  it('leaves out a position the compiler did not give, and keeps the sentence ending it has', () => {
    const tooLarge = refusal({
      message: 'the source is too large to compile!',
      line: null,
      column: null,
      text: '',
    });

    expect(textOf(governanceErrorMessage(tooLarge), 'sv')).toBe(
      'Koden går inte att kompilera: the source is too large to compile! Rätta felet och spara en ny version.',
    );
  });

  it('shows the server text for other conflicts', () => {
    const other = new ApiError({
      code: 'CONFLICT',
      status: 409,
      message: 'Bara utkast kan skickas.',
      details: {},
    });

    expect(governanceErrorMessage(other)).toEqual({ text: 'Bara utkast kan skickas.' });
    expect(governanceErrorMessage(refusal({ line: 'tre' }))).toEqual({ text: 'Serverns text.' });
  });
});

describe('caretLine', () => {
  it('puts the caret under the column, counting å, ä, ö and emoji as one character each', () => {
    expect(caretLine('x = "åäö" $ 1', 11)).toBe(`${' '.repeat(10)}^`);
    expect(caretLine('x = "😀" $ 1', 9)).toBe(`${' '.repeat(8)}^`);
  });

  it('keeps tabs so the caret lines up under tab-indented code', () => {
    expect(caretLine('\tx = = 2', 6)).toBe('\t    ^');
  });
});
