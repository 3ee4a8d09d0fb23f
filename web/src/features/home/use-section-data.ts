import { ref, shallowRef } from 'vue';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';

/** Data for one home section: loaded at once, with its own loading and error state and a retry. */
export function useSectionData<T>(fetch: () => Promise<T>) {
  const data = shallowRef<T | null>(null);
  const isLoading = ref(false);
  const error = shallowRef<Message | null>(null);

  async function load(): Promise<void> {
    isLoading.value = true;
    error.value = null;
    try {
      data.value = await fetch();
    } catch (cause) {
      error.value = apiErrorMessage(cause);
    } finally {
      isLoading.value = false;
    }
  }
  void load();

  return { data, isLoading, error, load };
}
