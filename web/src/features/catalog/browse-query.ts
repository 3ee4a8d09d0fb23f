import type { LocationQuery, LocationQueryRaw } from 'vue-router';

/**
 * What the browse page shows, kept in the address so a link or a reload reproduces the view:
 * `/browse?q=grupp&professions=larare,rektor&categories=mentorskap&favorites=true`.
 */
export interface BrowseFilters {
  q: string;
  professions: string[];
  categories: string[];
  favorites: boolean;
}

export type FacetKind = 'professions' | 'categories';

export const emptyFilters: Readonly<BrowseFilters> = Object.freeze({
  q: '',
  professions: [],
  categories: [],
  favorites: false,
});

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_QUERY_LENGTH = 200;

function firstString(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Slugs from `a,b` or repeated parameters; anything that is not a slug is dropped, duplicates once. */
function slugList(value: LocationQuery[string] | undefined): string[] {
  const parts = (Array.isArray(value) ? value : [value])
    .flatMap((part) => (typeof part === 'string' ? part.split(',') : []))
    .map((part) => part.trim())
    .filter((part) => SLUG.test(part));
  return [...new Set(parts)].sort();
}

export function filtersFromQuery(query: LocationQuery): BrowseFilters {
  return {
    q: firstString(query.q).trim().slice(0, MAX_QUERY_LENGTH),
    professions: slugList(query.professions),
    categories: slugList(query.categories),
    favorites: firstString(query.favorites) === 'true',
  };
}

/** The route query for `filters`, leaving out what is empty, lists in a stable order. */
export function filtersToQuery(filters: BrowseFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.professions.length) query.professions = [...filters.professions].sort().join(',');
  if (filters.categories.length) query.categories = [...filters.categories].sort().join(',');
  if (filters.favorites) query.favorites = 'true';
  return query;
}

/** The same filters as the API's query parameters. */
export function filtersToSearchParams(filters: BrowseFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filtersToQuery(filters))) params.set(key, String(value));
  return params;
}

/** One string per distinct view, for watching changes without deep comparisons. */
export function filtersKey(filters: BrowseFilters): string {
  return filtersToSearchParams(filters).toString();
}

export function hasActiveFilters(filters: BrowseFilters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.professions.length > 0 ||
    filters.categories.length > 0 ||
    filters.favorites
  );
}

/** Adds `slug` to a facet's selection, or removes it when it is there (OR within a facet). */
export function toggleFacet(filters: BrowseFilters, kind: FacetKind, slug: string): BrowseFilters {
  const selected = filters[kind];
  const next = selected.includes(slug) ? selected.filter((s) => s !== slug) : [...selected, slug].sort();
  return { ...filters, [kind]: next };
}
