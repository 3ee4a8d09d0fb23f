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

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "10 MB", "1,5 GB", "512 byte": decimal multiples (as the server counts its limits), at most one decimal. */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** Formatters that follow the current interface language. */
export function useFormat() {
  const { locale } = useI18n();
  return {
    dateTime: (iso: string): string => formatDateTime(iso, locale.value),
    list: (items: readonly string[]): string => formatList(items, locale.value),
    bytes: (bytes: number): string => formatBytes(bytes, locale.value),
  };
}
