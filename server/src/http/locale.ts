import { isLocale, type Locale } from '@skriptoteket/contracts';

export const DEFAULT_LOCALE: Locale = 'sv';
/** Browsers send a handful of languages; a longer header is someone else's problem, not worth parsing. */
const MAX_RANGES = 20;
const QUALITY = /^q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/i;

/**
 * The best of the product's languages for an `Accept-Language` header (RFC 9110 §12.5.4): the highest
 * weight wins, the earlier range on a tie; `en-GB` counts as `en`, `*` as the default. Swedish when nothing
 * fits.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  let best: { locale: Locale; quality: number } | null = null;
  for (const range of header.split(',').slice(0, MAX_RANGES)) {
    const [tag = '', ...params] = range.split(';').map((part) => part.trim());
    const primary = tag.toLowerCase().split('-')[0];
    const locale = primary === '*' ? DEFAULT_LOCALE : isLocale(primary) ? primary : null;
    const weight = params.find((param) => /^q=/i.test(param));
    const quality = weight === undefined ? 1 : QUALITY.test(weight) ? Number(weight.slice(2)) : 0;
    if (locale && quality > 0 && (!best || quality > best.quality)) best = { locale, quality };
  }
  return best?.locale ?? DEFAULT_LOCALE;
}
