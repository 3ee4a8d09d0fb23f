import { stemmer as swedishStem } from '@orama/stemmers/swedish';

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
/**
 * A stem shorter than the word ("grupp" of "grupper") starts compounds ("gruppgenerator") from this length on, and
 * is looked for inside them from STEM_INFIX_MIN_LENGTH on. Shorter stems are often cut too far by the stemmer
 * ("ment" of "mentor" would find "dokument"), so they only find other forms of the same word.
 */
export const STEM_PREFIX_MIN_LENGTH = 4;
export const STEM_INFIX_MIN_LENGTH = 5;

/**
 * The Swedish stem of a folded word (Snowball's Swedish algorithm, suffixes only): "grupper", "gruppen" and
 * "grupperna" all become "grupp", "elever" and "eleverna" "elev". A stem is always a prefix of its word. Index
 * terms and query words are stemmed alike, after folding, so both sides agree whatever accents were typed.
 */
export function stemOf(word: string): string {
  return swedishStem(word);
}

/**
 * Better matches have higher values: the ranking compares these before the field. Another form of the word
 * ("gruppen" for "grupper") counts as a prefix match; a compound that starts with the stem comes right after.
 */
export const MatchKind = { fuzzy: 0, infix: 1, stemPrefix: 2, prefix: 3, exact: 4 } as const;
export type MatchKind = (typeof MatchKind)[keyof typeof MatchKind];

/** Fields in ranking order, best first. */
export const SEARCH_FIELDS = ['title', 'summary', 'instructions'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** A query word as the index compares it: the folded word and its stem. */
export interface QueryWord {
  word: string;
  stem: string;
}

export const queryWord = (word: string): QueryWord => ({ word, stem: stemOf(word) });

/**
 * How an index term matched a query word: the word itself, a term starting with the word or another form of it
 * (same stem), a term starting with its stem, a compound containing either; null when none of these holds (the
 * caller decides whether the term is then a forgiven typo).
 */
export function matchKind(term: string, { word, stem }: QueryWord): MatchKind | null {
  if (term === word) return MatchKind.exact;
  if (term.startsWith(word) || (term.startsWith(stem) && stemOf(term) === stem)) return MatchKind.prefix;
  if (stem.length >= STEM_PREFIX_MIN_LENGTH && term.startsWith(stem)) return MatchKind.stemPrefix;
  if (word.length >= INFIX_MIN_LENGTH && term.includes(word)) return MatchKind.infix;
  if (stem.length >= STEM_INFIX_MIN_LENGTH && term.includes(stem)) return MatchKind.infix;
  return null;
}

/** Whether a term contains the word, or its stem, after its first letter: a compound the word is part of. */
export function isInside(term: string, { word, stem }: QueryWord): boolean {
  return (
    (word.length >= INFIX_MIN_LENGTH && term.indexOf(word) > 0) ||
    (stem.length >= STEM_INFIX_MIN_LENGTH && stem !== word && term.indexOf(stem) > 0)
  );
}

/**
 * One number per (match kind, field) so that sums over the words of a query keep the order for a single word:
 * exact > prefix (or another form) > prefix of the stem > inside a compound > fuzzy first, then title > summary > instructions.
 */
export function matchScore(kind: MatchKind, field: SearchField): number {
  return kind * SEARCH_FIELDS.length + (SEARCH_FIELDS.length - 1 - SEARCH_FIELDS.indexOf(field)) + 1;
}
