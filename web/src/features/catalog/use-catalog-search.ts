import type { CatalogPage, ToolCard } from '@skriptoteket/contracts';
import { onScopeDispose, ref, shallowRef, watch } from 'vue';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { filtersKey, type BrowseFilters } from './browse-query';
import { catalogApi } from './catalog-api';

/**
 * The catalog results for the current filters. A new search cancels the one still running (and any
 * "show more"), so a slow old answer never replaces a newer one.
 */
export function useCatalogSearch(filters: () => BrowseFilters, isActive: () => boolean = () => true) {
  const items = shallowRef<ToolCard[] | null>(null);
  const total = ref(0);
  const facets = shallowRef<CatalogPage['facets'] | null>(null);
  const nextCursor = ref<string | null>(null);
  /** The filters the shown results belong to (the address may already ask for newer ones). */
  const shownFilters = shallowRef<BrowseFilters | null>(null);
  const isLoading = ref(false);
  const isLoadingMore = ref(false);
  const error = shallowRef<Message | null>(null);
  let running: AbortController | null = null;

  function start(): AbortController {
    running?.abort();
    running = new AbortController();
    return running;
  }

  function finish(controller: AbortController): void {
    if (running !== controller) return;
    running = null;
    isLoading.value = false;
    isLoadingMore.value = false;
  }

  async function load(): Promise<void> {
    const controller = start();
    const wanted = filters();
    isLoading.value = true;
    isLoadingMore.value = false;
    error.value = null;
    try {
      const page = await catalogApi.search(wanted, null, controller.signal);
      if (controller.signal.aborted) return;
      items.value = page.items;
      total.value = page.total;
      facets.value = page.facets;
      nextCursor.value = page.nextCursor;
      shownFilters.value = wanted;
    } catch (cause) {
      if (!controller.signal.aborted) error.value = apiErrorMessage(cause);
    } finally {
      finish(controller);
    }
  }

  /** Appends the next page; resolves with the index of the first new tool, or null when nothing was added. */
  async function loadMore(): Promise<number | null> {
    const cursor = nextCursor.value;
    const current = items.value;
    if (!cursor || !current || !shownFilters.value || running) return null;
    const controller = start();
    isLoadingMore.value = true;
    try {
      const page = await catalogApi.search(shownFilters.value, cursor, controller.signal);
      if (controller.signal.aborted) return null;
      items.value = [...current, ...page.items.filter((tool) => !current.some((c) => c.id === tool.id))];
      total.value = page.total;
      nextCursor.value = page.nextCursor;
      return current.length;
    } catch (cause) {
      if (controller.signal.aborted) return null;
      throw cause;
    } finally {
      finish(controller);
    }
  }

  watch(
    () => filtersKey(filters()),
    () => {
      if (isActive()) void load();
    },
    { immediate: true },
  );
  onScopeDispose(() => running?.abort());

  return { items, total, facets, nextCursor, shownFilters, isLoading, isLoadingMore, error, load, loadMore };
}
