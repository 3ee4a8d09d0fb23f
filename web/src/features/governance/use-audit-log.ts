import type { AuditEvent } from '@skriptoteket/contracts';
import { ref, shallowRef } from 'vue';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import type { Page } from './governance-api';

/** A cursor-paged audit log: the first page on `load`, more with `loadMore` ("Visa fler"). */
export function useAuditLog(fetchPage: (cursor: string | null) => Promise<Page<AuditEvent>>) {
  const events = shallowRef<AuditEvent[]>([]);
  const nextCursor = ref<string | null>(null);
  const isLoading = ref(false);
  const isLoadingMore = ref(false);
  const hasLoaded = ref(false);
  const error = shallowRef<Message | null>(null);
  const moreError = shallowRef<Message | null>(null);

  async function load(): Promise<void> {
    isLoading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(null);
      events.value = page.items;
      nextCursor.value = page.nextCursor;
      hasLoaded.value = true;
    } catch (caught) {
      error.value = apiErrorMessage(caught);
    } finally {
      isLoading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || isLoadingMore.value) return;
    isLoadingMore.value = true;
    moreError.value = null;
    try {
      const page = await fetchPage(nextCursor.value);
      const seen = new Set(events.value.map((event) => event.id));
      events.value = [...events.value, ...page.items.filter((event) => !seen.has(event.id))];
      nextCursor.value = page.nextCursor;
    } catch (caught) {
      moreError.value = apiErrorMessage(caught);
    } finally {
      isLoadingMore.value = false;
    }
  }

  return { events, nextCursor, isLoading, isLoadingMore, hasLoaded, error, moreError, load, loadMore };
}
