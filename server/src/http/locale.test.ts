import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from './locale';

describe('localeFromAcceptLanguage', () => {
  it.each([
    [undefined, 'sv'],
    ['', 'sv'],
    ['en', 'en'],
    ['en-GB,en;q=0.9', 'en'],
    ['sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7', 'sv'],
    ['de-DE,de;q=0.9,en;q=0.5', 'en'],
    ['de,fr', 'sv'],
    ['en;q=0.4,sv;q=0.6', 'sv'],
    ['sv;q=0.5,en;q=0.5', 'sv'],
    ['en;q=0.5,sv;q=0.5', 'en'],
    ['en;q=0, *', 'sv'],
    ['*', 'sv'],
    ['EN-us', 'en'],
    ['en;q=2', 'sv'],
    ['english', 'sv'],
  ])('%j → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected);
  });
});
