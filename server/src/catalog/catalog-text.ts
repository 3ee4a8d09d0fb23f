/**
 * How catalog text becomes search terms, and how a term found in the index matched a word of the search box.
 * Both sides of the index go through the same folding, so "skoladministrator" finds "skoladministratör".
 */

const LIGATURES: Record<string, string> = { æ: 'a', ø: 'o', ß: 'ss' };

/** Lower case with å/ä/ö and every other accent folded to its base letter (a superset of SQL `skt_fold`). */
export function foldText(input: string): string {
  return input
    .toLowerCase()
    .replace(/[æøß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '');
}

/** Folded words: letters and digits, anything else separates. */
export function toTerms(input: string): string[] {
  return foldText(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The words of a search box (at most 8, duplicates dropped), folded like the documents. */
export function queryWords(input: string): string[] {
  return [...new Set(toTerms(input))].slice(0, 8);
}

/** A typo is forgiven (one edit) only in words this long; shorter words would match too much. */
export const FUZZY_MIN_LENGTH = 5;
/** A word is looked for inside compounds ("indelning" in "gruppindelning") from this length on. */
export const INFIX_MIN_LENGTH = 3;

/** Better matches have higher values: the ranking compares these before the field. */
export const MatchKind = { fuzzy: 0, infix: 1, prefix: 2, exact: 3 } as const;
export type MatchKind = (typeof MatchKind)[keyof typeof MatchKind];

/** Fields in ranking order, best first. */
export const SEARCH_FIELDS = ['title', 'summary', 'instructions'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/**
 * How an index term matched a query word. The caller only passes terms the index returned for the word (a prefix,
 * infix or fuzzy hit), so anything that is not exact, prefix or infix is the fuzzy kind.
 */
export function matchKind(term: string, word: string): MatchKind {
  if (term === word) return MatchKind.exact;
  if (term.startsWith(word)) return MatchKind.prefix;
  if (word.length >= INFIX_MIN_LENGTH && term.includes(word)) return MatchKind.infix;
  return MatchKind.fuzzy;
}

/**
 * One number per (match kind, field) so that sums over the words of a query keep the order for a single word:
 * exact > prefix > inside a compound > fuzzy first, then title > summary > instructions.
 */
export function matchScore(kind: MatchKind, field: SearchField): number {
  return kind * SEARCH_FIELDS.length + (SEARCH_FIELDS.length - 1 - SEARCH_FIELDS.indexOf(field)) + 1;
}
