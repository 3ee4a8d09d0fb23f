import type { Taxonomy, TaxonomyKind, TaxonomyTerm } from '@skriptoteket/contracts';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';

/** Professions and categories with their labels; loaded once, shared by the catalog pages. */
export const useTaxonomyStore = defineStore('taxonomy', () => {
  const taxonomy = shallowRef<Taxonomy | null>(null);
  const hasFailed = shallowRef(false);
  let pending: Promise<void> | null = null;

  /** Loads once; a failure is remembered (labels fall back to slugs) and retried on the next call. */
  function load(): Promise<void> {
    if (taxonomy.value) return Promise.resolve();
    pending ??= api
      .get<Taxonomy>('/catalog/taxonomy')
      .then((data) => {
        taxonomy.value = data;
        hasFailed.value = false;
      })
      .catch(() => {
        hasFailed.value = true;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  const sorted = (terms: readonly TaxonomyTerm[]) =>
    [...terms].sort((a, b) => a.order - b.order || a.label.localeCompare(b.label, 'sv'));

  const terms = computed(() => ({
    professions: sorted(taxonomy.value?.professions ?? []),
    categories: sorted(taxonomy.value?.categories ?? []),
  }));

  /** The label of a slug; the slug itself when it is unknown (or the taxonomy did not load). */
  function label(kind: TaxonomyKind, slug: string): string {
    return taxonomy.value?.[kind].find((term) => term.slug === slug)?.label ?? slug;
  }

  return { taxonomy, hasFailed, terms, load, label };
});
