import { text } from '@skriptoteket/contracts';
import { describe, expect, it } from 'vitest';
import { AppError, conflict, forbidden, invalid, locked, notFound, unauthenticated } from './app-error';

describe('AppError', () => {
  it('takes its message and field issues in both languages, never one (checked by the type checker)', () => {
    // Each line below must fail to type-check; `npm run typecheck` reports an unused expectation otherwise.
    // @ts-expect-error a plain string is a message in one language
    expect(invalid('Ogiltig sidmarkör.').code).toBe('VALIDATION_ERROR');
    // @ts-expect-error a field issue in one language
    expect(invalid(text('Fel.', 'Wrong.'), [{ path: ['x'], message: 'Fel.' }]).code).toBe('VALIDATION_ERROR');
    // @ts-expect-error one language
    expect(new AppError('CONFLICT', 'Upptaget.').code).toBe('CONFLICT');
    // @ts-expect-error one language
    expect(notFound('Finns inte.').code).toBe('NOT_FOUND');
    // @ts-expect-error one language
    expect(conflict('Upptaget.').code).toBe('CONFLICT');
    // @ts-expect-error one language
    expect(forbidden('Nej.').code).toBe('FORBIDDEN');
    // @ts-expect-error one language
    expect(unauthenticated('Logga in.').code).toBe('UNAUTHENTICATED');
    // @ts-expect-error one language
    expect(locked('Låst.', 60).code).toBe('ACCOUNT_LOCKED');
    // @ts-expect-error a Text needs both languages
    expect(notFound({ sv: 'Finns inte.' }).code).toBe('NOT_FOUND');
  });

  it('keeps both texts, with Swedish as the Error message for logs and stack traces', () => {
    const error = conflict(text('Upptaget.', 'Taken.'), { reason: 'X' });
    expect(error.text).toEqual({ sv: 'Upptaget.', en: 'Taken.' });
    expect(error.message).toBe('Upptaget.');
    expect(error.details).toEqual({ reason: 'X' });
  });

  it('has default texts in both languages', () => {
    for (const error of [notFound(), forbidden(), unauthenticated()]) {
      expect(error.text.sv).not.toBe('');
      expect(error.text.en).not.toBe('');
      expect(error.text.en).not.toBe(error.text.sv);
    }
  });
});
