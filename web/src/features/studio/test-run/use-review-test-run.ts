import type { ReviewItem, RunView, Version } from '@skriptoteket/contracts';
import { computed, ref, shallowRef } from 'vue';
import { apiErrorMessage } from '../../../api/error-message';
import type { Message } from '../../../i18n/message';
import type { RunStarter } from '../../runs/use-run-form';
import { useRunSteps } from '../../runs/use-run-steps';
import { testRunEndpoints, testRunsApi } from './test-runs-api';

type VersionLoader = (versionId: string) => Promise<Version>;

/**
 * A reviewer's test run of the version under review, and optionally of the active version on the same inputs
 * and files, so the two results can be read side by side (call in setup).
 */
export function useReviewTestRun(item: () => ReviewItem, loadVersion: VersionLoader) {
  const reviewed = useRunSteps({}, testRunEndpoints);
  const active = useRunSteps({}, testRunEndpoints);
  const version = shallowRef<Version | null>(null);
  const activeNumber = ref<number | null>(null);
  const loadError = shallowRef<Message | null>(null);
  const compareError = shallowRef<Message | null>(null);
  const isComparing = ref(item().tool.activeVersionId !== null);
  const canCompare = computed(() => item().tool.activeVersionId !== null);

  async function load(): Promise<void> {
    loadError.value = null;
    try {
      const activeId = item().tool.activeVersionId;
      const [loaded, current] = await Promise.all([
        loadVersion(item().version.id),
        activeId ? loadVersion(activeId) : Promise.resolve(null),
      ]);
      version.value = loaded;
      activeNumber.value = current?.number ?? null;
    } catch (error) {
      loadError.value = apiErrorMessage(error);
    }
  }

  /** Starts the reviewed version's run (its answer goes to the form); the active one's follows on its own. */
  const starter: RunStarter = async (submission, onProgress) => {
    const values = { submission, settings: {} };
    const run = await testRunsApi.startVersion(item().version.id, values, onProgress);
    const activeId = item().tool.activeVersionId;
    compareError.value = null;
    active.clear();
    if (isComparing.value && activeId) {
      testRunsApi.startVersion(activeId, values).then(
        (other) => active.start(other),
        (error: unknown) => (compareError.value = apiErrorMessage(error)),
      );
    }
    return run;
  };

  function started(run: RunView): void {
    reviewed.start(run);
  }

  return {
    reviewed,
    active,
    version,
    activeNumber,
    loadError,
    compareError,
    isComparing,
    canCompare,
    load,
    starter,
    started,
  };
}
