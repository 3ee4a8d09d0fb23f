import type { ReviewItem } from '@skriptoteket/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

/** How many versions wait for review, for the count beside "Granskning" in the menu (admins only). */
export const useReviewQueueStore = defineStore('reviewQueue', () => {
  /** null until known (or when the viewer may not review). */
  const count = ref<number | null>(null);
  let pending: Promise<void> | null = null;

  /** Fetches the count; callers at the same moment (menu and home page) share one request. */
  function refresh(): Promise<void> {
    pending ??= api
      .get<{ items: ReviewItem[] }>('/admin/reviews')
      .then((page) => {
        count.value = page.items.length;
      })
      .catch(() => {
        // The count is a hint; the review page itself reports failures.
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  }

  function set(value: number | null): void {
    count.value = value;
  }

  return { count, refresh, set };
});
