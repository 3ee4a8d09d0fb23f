import type { Locale } from '@skriptoteket/contracts';
import { computed } from 'vue';
import { createI18n, useI18n } from 'vue-i18n';
import { isLocale } from '../api/contract-values';
import enCatalog from './catalog/en.json';
import catalog from './catalog/sv.json';
import en from './en.json';
import enGovernance from './governance/en.json';
import governance from './governance/sv.json';
import enRuns from './runs/en.json';
import runs from './runs/sv.json';
import sv from './sv.json';

/** The message catalogues: the app's own plus one per larger feature, each under its own top-level keys. */
export const messages = {
  sv: { ...sv, ...governance, ...catalog, ...runs },
  en: { ...en, ...enGovernance, ...enCatalog, ...enRuns },
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

/** Stored choice first, then the signed-in user's preference, then Swedish. */
export function resolveLocale(stored: Locale | null, userLocale: Locale | null | undefined): Locale {
  return stored ?? userLocale ?? DEFAULT_LOCALE;
}

export function createAppI18n(locale: Locale = resolveLocale(readStoredLocale(), null)) {
  const i18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages,
  });
  setDocumentLanguage(locale);
  return i18n;
}

export type AppI18n = ReturnType<typeof createAppI18n>;

function setDocumentLanguage(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** The current locale and a way to change it; changing it updates `<html lang>` and, if chosen, storage. */
export function useLocale() {
  const { locale } = useI18n({ useScope: 'global' });

  const applyLocale = (next: Locale): void => {
    locale.value = next;
    setDocumentLanguage(next);
  };

  return {
    current: computed<Locale>(() => (isLocale(locale.value) ? locale.value : DEFAULT_LOCALE)),
    /** The user picked a language: remember it across visits and sign-ins. */
    chooseLocale: (next: Locale): void => {
      storeLocale(next);
      applyLocale(next);
    },
    /** Follow the signed-in user's preference unless a choice was stored. */
    followUserLocale: (userLocale: Locale | null | undefined): void => {
      applyLocale(resolveLocale(readStoredLocale(), userLocale ?? null));
    },
  };
}
