import type { Locale } from '@skriptoteket/contracts';
import { computed } from 'vue';
import { createI18n, useI18n } from 'vue-i18n';
import { api } from '../api/client';
import { isLocale } from '../api/contract-values';
import enAccounts from './accounts/en.json';
import accounts from './accounts/sv.json';
import enBank from './bank/en.json';
import bank from './bank/sv.json';
import enCatalog from './catalog/en.json';
import catalog from './catalog/sv.json';
import en from './en.json';
import enGovernance from './governance/en.json';
import governance from './governance/sv.json';
import enPeople from './people/en.json';
import people from './people/sv.json';
import enRuns from './runs/en.json';
import runs from './runs/sv.json';
import sv from './sv.json';

/** The message catalogues: the app's own plus one per larger feature, each under its own top-level keys. */
export const messages = {
  sv: { ...sv, ...governance, ...catalog, ...runs, ...accounts, ...people, ...bank },
  en: { ...en, ...enGovernance, ...enCatalog, ...enRuns, ...enAccounts, ...enPeople, ...enBank },
};

export type MessageSchema = typeof messages.sv;

export const LOCALE_STORAGE_KEY = 'skriptoteket.locale';
export const DEFAULT_LOCALE: Locale = 'sv';

/** Each language named in itself, so a reader of either finds their own. */
export const localeNames: Record<Locale, string> = { sv: 'Svenska', en: 'English' };

/** The choice made with the language switch, if any (storage may be unavailable, e.g. locked-down browsers). */
export function readStoredLocale(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not persisted; the choice still applies for this page load.
  }
}

/**
 * The signed-in user's language first (it is stored on the account, so it follows them to any browser), then
 * the choice stored in this browser, then Swedish.
 */
export function resolveLocale(stored: Locale | null, userLocale: Locale | null | undefined): Locale {
  return userLocale ?? stored ?? DEFAULT_LOCALE;
}

export function createAppI18n(locale: Locale = resolveLocale(readStoredLocale(), null)) {
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages,
  });
  showLanguage(locale);
  return i18n;
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** `<html lang>`, and the `Accept-Language` of API requests, so server messages match the page. */
function showLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  api.setLanguage(locale);
}

/**
 * The current locale and ways to change it; a change updates `<html lang>`, the API's `Accept-Language` and
 * this browser's stored choice (so the page after signing out, and the next visit, keep the language).
 */
export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' });

  const chooseLocale = (next: Locale): void => {
    storeLocale(next);
    locale.value = next;
    showLanguage(next);
  };

  return {
    current: computed<Locale>(() => (isLocale(locale.value) ? locale.value : DEFAULT_LOCALE)),
    /** Show the interface in this language from now on, in this browser. */
    chooseLocale,
    /** A user signed in (or their session loaded): their account's language applies. */
    followUserLocale: (userLocale: Locale | null | undefined): void => {
      chooseLocale(resolveLocale(readStoredLocale(), userLocale));
    },
  };
}
