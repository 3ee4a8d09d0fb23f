import { describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import {
  emptyFilters,
  filtersFromQuery,
  filtersKey,
  filtersToQuery,
  filtersToSearchParams,
  hasActiveFilters,
  toggleFacet,
  type BrowseFilters,
} from './browse-query';

const full: BrowseFilters = {
  q: 'gruppgenerator',
  professions: ['larare', 'rektor'],
  categories: ['mentorskap'],
  favorites: true,
};

describe('browse filters in the address', () => {
  it('round-trips every filter through the query', () => {
    expect(filtersFromQuery(filtersToQuery(full) as never)).toEqual(full);
    expect(filtersFromQuery(filtersToQuery(emptyFilters) as never)).toEqual(emptyFilters);
  });

  it('round-trips through a real router address, as after a reload', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/browse', component: { render: () => null } }],
    });
    await router.push({ path: '/browse', query: filtersToQuery({ ...full, q: 'år & dag' }) });

    const reloaded = router.resolve(router.currentRoute.value.fullPath);
    expect(filtersFromQuery(reloaded.query)).toEqual({ ...full, q: 'år & dag' });
  });

  it('writes nothing for empty filters and lists in a stable order', () => {
    expect(filtersToQuery(emptyFilters)).toEqual({});
    expect(filtersToQuery({ ...emptyFilters, q: '  ', professions: ['rektor', 'larare'] })).toEqual({
      professions: 'larare,rektor',
    });
  });

  it('reads repeated parameters and drops values that are not slugs or are repeated', () => {
    expect(
      filtersFromQuery({
        professions: ['rektor,larare', 'larare'],
        categories: 'mentorskap,<script>,Övrigt',
        favorites: '1',
        q: ['  grupp ', 'annat'],
      }),
    ).toEqual({
      q: 'grupp',
      professions: ['larare', 'rektor'],
      categories: ['mentorskap'],
      favorites: false,
    });
  });

  it('builds the API parameters from the same filters', () => {
    expect(filtersToSearchParams(full).toString()).toBe(
      'q=gruppgenerator&professions=larare%2Crektor&categories=mentorskap&favorites=true',
    );
    expect(filtersKey(emptyFilters)).toBe('');
  });
});

describe('toggleFacet', () => {
  it('adds a value to the selection and removes it again, leaving the other facet alone', () => {
    const one = toggleFacet(emptyFilters, 'professions', 'rektor');
    const two = toggleFacet(one, 'professions', 'larare');
    expect(two.professions).toEqual(['larare', 'rektor']);
    expect(two.categories).toEqual([]);
    expect(toggleFacet(two, 'professions', 'rektor').professions).toEqual(['larare']);
  });

  it('knows when any filter is active', () => {
    expect(hasActiveFilters(emptyFilters)).toBe(false);
    expect(hasActiveFilters({ ...emptyFilters, favorites: true })).toBe(true);
    expect(hasActiveFilters(toggleFacet(emptyFilters, 'categories', 'ovrigt'))).toBe(true);
  });
});
