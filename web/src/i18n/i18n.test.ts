import { afterEach, describe, expect, it } from 'vitest';
import enCatalog from './catalog/en.json';
import svCatalog from './catalog/sv.json';
import en from './en.json';
import enGovernance from './governance/en.json';
import svGovernance from './governance/sv.json';
import enRuns from './runs/en.json';
import svRuns from './runs/sv.json';
import sv from './sv.json';
import { createAppI18n, LOCALE_STORAGE_KEY, messages, readStoredLocale, resolveLocale } from './index';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

const svMessages = flatten(messages.sv);
const enMessages = flatten(messages.en);

describe('message catalogues', () => {
  it('have exactly the same keys in Swedish and English', () => {
    expect([...enMessages.keys()].sort()).toEqual([...svMessages.keys()].sort());
  });

  it('never define one top-level key in two catalogue files (one would silently hide the other)', () => {
    for (const files of [
      [sv, svGovernance, svCatalog, svRuns],
      [en, enGovernance, enCatalog, enRuns],
    ]) {
      const keys = files.flatMap((file) => Object.keys(file));
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    }
  });

  it('have no empty messages', () => {
    for (const [key, message] of [...svMessages, ...enMessages]) {
      expect(message.trim(), key).not.toBe('');
    }
  });

  it('use the same placeholders and plural forms in both languages', () => {
    for (const [key, message] of svMessages) {
      const other = enMessages.get(key) ?? '';
      expect(placeholders(other), key).toEqual(placeholders(message));
      expect(other.split('|').length, key).toBe(message.split('|').length);
    }
  });

  it('avoid characters that vue-i18n would read as message syntax', () => {
    for (const [key, message] of [...svMessages, ...enMessages]) {
      expect(message, key).not.toMatch(/[@$]/);
    }
  });
});

describe('locale choice', () => {
  afterEach(() => localStorage.clear());

  it('prefers the stored choice, then the user locale, then Swedish', () => {
    expect(resolveLocale('en', 'sv')).toBe('en');
    expect(resolveLocale(null, 'en')).toBe('en');
    expect(resolveLocale(null, null)).toBe('sv');
  });

  it('ignores a stored value that is not a supported locale', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'de');
    expect(readStoredLocale()).toBeNull();
  });

  it('starts in the stored language and sets <html lang>', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    const i18n = createAppI18n();
    expect(i18n.global.locale.value).toBe('en');
    expect(i18n.global.t('login.submit')).toBe('Sign in');
    expect(document.documentElement.lang).toBe('en');
  });

  it('chooses Swedish plural forms by count', () => {
    const i18n = createAppI18n('sv');
    expect(i18n.global.t('login.locked', 1)).toContain('om 1 minut.');
    expect(i18n.global.t('login.locked', 5)).toContain('om 5 minuter.');
  });
});
