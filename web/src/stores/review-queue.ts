import type { ReviewItem } from '@skriptoteket/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api/client';

/** How many versions wait for review, for the count beside "Granskning" in the menu (admins only). */
export const useReviewQueueStore = defineStore('reviewQueue', () => {
  /** null until known (or when the viewer may not review). */
  const count = ref<number | null>(null);

  async function refresh(): Promise<void> {
    try {
      const page = await api.get<{ items: ReviewItem[] }>('/admin/reviews');
      count.value = page.items.length;
    } catch {
      // The count is a hint; the review page itself reports failures.
    }
  }

  function set(value: number | null): void {
    count.value = value;
  }

  return { count, refresh, set };
});
