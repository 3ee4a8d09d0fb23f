import { ref, shallowRef } from 'vue';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import type { Page } from './people-api';

/** A cursor-paged list: the first page on `load` (a newer load wins), more with `loadMore` ("Visa fler"). */
export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>) {
  const items = shallowRef<T[] | null>(null);
  const nextCursor = ref<string | null>(null);
  const isLoading = ref(false);
  const isLoadingMore = ref(false);
  const error = shallowRef<Message | null>(null);
  let latest = 0;

  async function load(): Promise<void> {
    const request = ++latest;
    isLoading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(null);
      if (request !== latest) return;
      items.value = page.items;
      nextCursor.value = page.nextCursor;
    } catch (caught) {
      if (request === latest) error.value = apiErrorMessage(caught);
    } finally {
      if (request === latest) isLoading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || isLoadingMore.value) return;
    isLoadingMore.value = true;
    try {
      const page = await fetchPage(nextCursor.value);
      items.value = [...(items.value ?? []), ...page.items];
      nextCursor.value = page.nextCursor;
    } catch (caught) {
      error.value = apiErrorMessage(caught);
    } finally {
      isLoadingMore.value = false;
    }
  }

  /** Puts a changed item in place (after an action on it). */
  function replace(match: (item: T) => boolean, next: T): void {
    items.value = (items.value ?? []).map((item) => (match(item) ? next : item));
  }

  return { items, nextCursor, isLoading, isLoadingMore, error, load, loadMore, replace };
}
