import type { RunView, ToolPage } from '@skriptoteket/contracts';
import { ref, shallowRef, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '../../api/client';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { runsApi } from './runs-api';
import type { RerunFiles } from './use-run-form';
import { useRunSteps } from './use-run-steps';

/** What the form starts with: empty, or an earlier run's choices ("Kör igen med samma val"). */
export interface FormStart {
  key: number;
  inputs: Record<string, unknown>;
  rerun: RerunFiles | null;
  /** The earlier run had files that retention removed: the teacher picks them again. */
  hasExpiredFiles: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The run part of a tool's page, kept in its address: `?run=<id>` shows that run and the steps before it,
 * live while it runs, so a reload mid-run comes back to the same place; `?rerun=<id>` fills the form with
 * that run's choices and files.
 */
export function useToolRun(tool: () => ToolPage) {
  const route = useRoute();
  const router = useRouter();
  const steps = useRunSteps();
  const formStart = shallowRef<FormStart>({ key: 0, inputs: {}, rerun: null, hasExpiredFiles: false });
  const isLoadingRun = ref(false);
  const runError = shallowRef<Message | null>(null);

  const query = (name: string) => (typeof route.query[name] === 'string' ? route.query[name] : null);

  async function showRun(runId: string): Promise<void> {
    if (steps.latest.value?.id === runId) return;
    isLoadingRun.value = true;
    runError.value = null;
    try {
      await steps.load(runId);
      if (steps.latest.value?.toolSlug !== tool().slug)
        throw new ApiError({ code: 'NOT_FOUND', message: '', status: 404 });
    } catch (error) {
      steps.clear();
      runError.value =
        error instanceof ApiError && error.code === 'NOT_FOUND'
          ? { key: 'runPage.errors.runGone' }
          : apiErrorMessage(error);
    } finally {
      isLoadingRun.value = false;
    }
  }

  async function prefillFrom(runId: string): Promise<void> {
    try {
      const run = await runsApi.get(runId);
      if (run.toolSlug !== tool().slug) return;
      formStart.value = {
        key: formStart.value.key + 1,
        inputs: isRecord(run.inputs) ? run.inputs : {},
        rerun: run.filesExpired ? null : { runId: run.id, files: run.inputFiles },
        hasExpiredFiles: run.filesExpired && run.inputFiles.length > 0,
      };
    } catch (error) {
      runError.value = apiErrorMessage(error);
    }
  }

  function setRunInAddress(runId: string): void {
    void router.replace({ query: { run: runId } });
  }

  /** A first run was started from the form. */
  function started(run: RunView): void {
    steps.start(run);
    runError.value = null;
    setRunInAddress(run.id);
  }

  /** A next step was started from the latest run. */
  function continued(run: RunView): void {
    steps.append(run);
    setRunInAddress(run.id);
  }

  /** After a 409: show the newest run of this tool, which is the one that may be continued. */
  async function reloadLatest(): Promise<void> {
    try {
      const newest = (await runsApi.list({ limit: 1, tool: tool().slug })).items[0];
      if (!newest) return;
      steps.clear();
      await showRun(newest.id);
      setRunInAddress(newest.id);
    } catch (error) {
      runError.value = apiErrorMessage(error);
    }
  }

  watch(
    () => query('run'),
    (runId) => {
      if (runId) void showRun(runId);
    },
    { immediate: true },
  );
  watch(
    () => query('rerun'),
    (runId) => {
      if (runId) void prefillFrom(runId);
    },
    { immediate: true },
  );

  /** Tries the run in the address again after it could not be loaded. */
  async function retry(): Promise<void> {
    const runId = query('run');
    if (runId) await showRun(runId);
  }

  return { steps, formStart, isLoadingRun, runError, started, continued, reloadLatest, retry };
}
