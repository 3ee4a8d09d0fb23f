import type { ToolPage } from '@skriptoteket/contracts';
import { onMounted, ref, shallowRef } from 'vue';
import { DEFAULT_UPLOAD_LIMITS } from './test-run-model';
import { testRunsApi } from './test-runs-api';

/** The server's upload limits for the test-run form (call in setup); the defaults until they have loaded. */
export function useUploadLimits() {
  const limits = shallowRef<ToolPage['uploadLimits']>(DEFAULT_UPLOAD_LIMITS);
  const hasFailed = ref(false);
  onMounted(async () => {
    try {
      limits.value = (await testRunsApi.limits()).uploadLimits;
    } catch {
      hasFailed.value = true;
    }
  });
  return { limits, hasFailed };
}
