import MiniSearch, { type SearchResult } from 'minisearch';
import type { FacetCount, IndexedTool, IndexFilter, IndexResult, ListedTool } from './catalog.ports';
import {
  FUZZY_MIN_LENGTH,
  isInside,
  MatchKind,
  matchKind,
  matchScore,
  queryWord,
  queryWords,
  toTerms,
  type SearchField,
} from './catalog-text';

const CACHE_LIMIT = 1_000;
const titleCollator = new Intl.Collator('sv', { sensitivity: 'base', numeric: true });
const identity = (term: string) => term;

/**
 * The catalog's search index, in memory: MiniSearch finds exact, prefix and fuzzy terms; words inside compounds are
 * found among the index's own terms. Results are ranked by how each word matched (see matchScore), then by title.
 * Rankings and filter results are cached until the next change, so repeated searches cost a map lookup.
 */
export class CatalogIndex {
  private search = CatalogIndex.emptySearch();
  private readonly tools = new Map<string, ListedTool>();
  /**
   * Every term indexed since the last full build: the dictionary searched for words inside compounds. Terms of
   * changed or removed tools may linger until the next full build; MiniSearch then simply finds no tool for them.
   */
  private readonly terms = new Set<string>();
  private titleOrder: string[] | null = null;
  private titleRank = new Map<string, number>();
  private readonly wordCache = new Map<string, Map<string, number>>();
  private readonly rankingCache = new Map<string, string[]>();
  private readonly resultCache = new Map<string, IndexResult>();

  private static emptySearch() {
    return new MiniSearch<IndexedTool>({
      fields: ['title', 'summary', 'instructions'],
      tokenize: toTerms,
      processTerm: identity,
      searchOptions: { tokenize: (text) => [text], processTerm: identity },
    });
  }

  get size(): number {
    return this.tools.size;
  }

  /** Replaces everything (the start-up build and a resynchronisation). */
  replaceAll(tools: IndexedTool[]): void {
    this.search = CatalogIndex.emptySearch();
    this.tools.clear();
    this.terms.clear();
    this.search.addAll(tools);
    for (const tool of tools) this.store(tool);
    this.changed();
  }

  upsert(tool: IndexedTool): void {
    if (this.tools.has(tool.id)) {
      this.search.replace(tool);
    } else {
      this.search.add(tool);
    }
    this.store(tool);
    this.changed();
  }

  remove(id: string): void {
    if (!this.tools.has(id)) return;
    this.tools.delete(id);
    this.search.discard(id);
    this.changed();
  }

  find(filter: IndexFilter): IndexResult {
    const words = filter.q ? queryWords(filter.q) : [];
    const key = JSON.stringify([words, [...filter.professions].sort(), [...filter.categories].sort()]);
    if (!filter.onlyIds) {
      const cached = this.resultCache.get(key);
      if (cached) return cached;
    }
    const result = this.filtered(this.ranking(words), filter);
    if (!filter.onlyIds) remember(this.resultCache, key, result);
    return result;
  }

  private store(tool: IndexedTool): void {
    for (const term of toTerms(`${tool.title} ${tool.summary} ${tool.instructions}`)) this.terms.add(term);
    const { instructions: _instructions, ...listed } = tool;
    this.tools.set(tool.id, listed);
  }

  private changed(): void {
    this.titleOrder = null;
    this.wordCache.clear();
    this.rankingCache.clear();
    this.resultCache.clear();
  }

  /** Every tool in title order (Swedish alphabet, numbers by value), the id breaking ties. */
  private byTitle(): string[] {
    if (!this.titleOrder) {
      this.titleOrder = [...this.tools.values()]
        .sort((a, b) => titleCollator.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .map((tool) => tool.id);
      this.titleRank = new Map(this.titleOrder.map((id, i) => [id, i]));
    }
    return this.titleOrder;
  }

  /** Ids of the tools that match every word, best first. */
  private ranking(words: string[]): string[] {
    const titleOrder = this.byTitle();
    if (words.length === 0) return titleOrder;
    const key = words.join(' ');
    const cached = this.rankingCache.get(key);
    if (cached) return cached;
    const perWord = words.map((word) => this.scoresOf(word)).sort((a, b) => a.size - b.size);
    const totals: [string, number][] = [];
    for (const [id, score] of perWord[0]!) {
      let sum = score;
      for (const other of perWord.slice(1)) {
        const s = other.get(id);
        if (s === undefined) {
          sum = -1;
          break;
        }
        sum += s;
      }
      if (sum >= 0) totals.push([id, sum]);
    }
    const rank = this.titleRank;
    totals.sort((a, b) => b[1] - a[1] || rank.get(a[0])! - rank.get(b[0])!);
    const ranked = totals.map(([id]) => id);
    remember(this.rankingCache, key, ranked);
    return ranked;
  }

  /** The best match score of one query word in each tool that has it. */
  private scoresOf(word: string): Map<string, number> {
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const query = queryWord(word);
    const scores = new Map<string, number>();
    /** Terms that match in none of matchKind's ways count as a typo only where fuzzy search found them. */
    const take = (results: SearchResult[], isFuzzy: boolean) => {
      for (const result of results) {
        const id = result.id as string;
        let best = scores.get(id) ?? 0;
        for (const [term, fields] of Object.entries(result.match)) {
          const kind = matchKind(term, query) ?? (isFuzzy ? MatchKind.fuzzy : null);
          if (kind === null) continue;
          for (const field of fields) best = Math.max(best, matchScore(kind, field as SearchField));
        }
        if (best > 0) scores.set(id, best);
      }
    };
    const fuzzy = word.length >= FUZZY_MIN_LENGTH ? 1 : false;
    take(this.search.search(word, { prefix: true, fuzzy }), true);
    // Other forms of the word, and compounds that start with its stem ("grupper" finds "gruppgenerator").
    if (query.stem !== word) take(this.search.search(query.stem, { prefix: true }), false);
    const inside = [...this.terms].filter((term) => isInside(term, query));
    if (inside.length) take(this.search.search({ combineWith: 'OR', queries: inside }), false);
    remember(this.wordCache, word, scores);
    return scores;
  }

  private filtered(ranked: string[], filter: IndexFilter): IndexResult {
    const professions = new Set(filter.professions);
    const categories = new Set(filter.categories);
    const hasAny = (values: string[], wanted: Set<string>) =>
      wanted.size === 0 || values.some((v) => wanted.has(v));
    const professionCounts = new Map<string, number>();
    const categoryCounts = new Map<string, number>();
    const tools: ListedTool[] = [];
    for (const id of ranked) {
      if (filter.onlyIds && !filter.onlyIds.has(id)) continue;
      const tool = this.tools.get(id)!;
      const isProfession = hasAny(tool.professions, professions);
      const isCategory = hasAny(tool.categories, categories);
      // A facet's own counts ignore its own selection, so a user sees what choosing another value would give.
      if (isCategory)
        for (const p of tool.professions) professionCounts.set(p, (professionCounts.get(p) ?? 0) + 1);
      if (isProfession)
        for (const c of tool.categories) categoryCounts.set(c, (categoryCounts.get(c) ?? 0) + 1);
      if (isProfession && isCategory) tools.push(tool);
    }
    return {
      tools,
      total: tools.length,
      facets: { professions: facetList(professionCounts), categories: facetList(categoryCounts) },
    };
  }
}

const facetList = (counts: Map<string, number>): FacetCount[] =>
  [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([slug, count]) => ({ slug, count }));

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
}
