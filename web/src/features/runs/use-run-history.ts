import type { RunListItem } from '@skriptoteket/contracts';
import { ref, shallowRef } from 'vue';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { runsApi } from './runs-api';

export const HISTORY_PAGE_SIZE = 20;

/** My runs, newest first, optionally of one tool: the first page on `load`, more with `loadMore`. */
export function useRunHistory() {
  const runs = shallowRef<RunListItem[]>([]);
  const nextCursor = ref<string | null>(null);
  const isLoading = ref(false);
  const isLoadingMore = ref(false);
  const hasLoaded = ref(false);
  const error = shallowRef<Message | null>(null);
  const moreError = shallowRef<Message | null>(null);
  let tool: string | null = null;
  let generation = 0;

  async function load(toolSlug: string | null): Promise<void> {
    tool = toolSlug;
    const mine = ++generation;
    isLoading.value = true;
    error.value = null;
    moreError.value = null;
    try {
      const page = await runsApi.list({ limit: HISTORY_PAGE_SIZE, tool });
      if (mine !== generation) return;
      runs.value = page.items;
      nextCursor.value = page.nextCursor;
      hasLoaded.value = true;
    } catch (caught) {
      if (mine === generation) error.value = apiErrorMessage(caught);
    } finally {
      if (mine === generation) isLoading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || isLoadingMore.value) return;
    const mine = generation;
    isLoadingMore.value = true;
    moreError.value = null;
    try {
      const page = await runsApi.list({ limit: HISTORY_PAGE_SIZE, cursor: nextCursor.value, tool });
      if (mine !== generation) return;
      const seen = new Set(runs.value.map((run) => run.id));
      runs.value = [...runs.value, ...page.items.filter((run) => !seen.has(run.id))];
      nextCursor.value = page.nextCursor;
    } catch (caught) {
      moreError.value = apiErrorMessage(caught);
    } finally {
      isLoadingMore.value = false;
    }
  }

  return { runs, nextCursor, isLoading, isLoadingMore, hasLoaded, error, moreError, load, loadMore };
}
