import { useI18n } from 'vue-i18n';

/** The BCP 47 tag Intl formats with for each interface language. */
const intlLocales: Record<string, string> = { sv: 'sv-SE', en: 'en-GB' };

export function intlLocale(locale: string): string {
  return intlLocales[locale] ?? locale;
}

/** "26 nov. 2026 10:12" / "26 Nov 2026, 10:12"; the ISO text itself when it is not a date. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}

/** "titel, adress och kategorier" / "title, address and categories". */
export function formatList(items: readonly string[], locale: string): string {
  return new Intl.ListFormat(intlLocale(locale), { type: 'conjunction' }).format(items);
}

/** Formatters that follow the current interface language. */
export function useFormat() {
  const { locale } = useI18n();
  return {
    dateTime: (iso: string): string => formatDateTime(iso, locale.value),
    list: (items: readonly string[]): string => formatList(items, locale.value),
  };
}
