import type { RunView } from '@skriptoteket/contracts';
import { computed, onScopeDispose, shallowRef } from 'vue';
import { isTerminalRunStatus } from '../../api/contract-values';
import { followRun, type FollowOptions } from './follow-run';
import { userRunEndpoints, type RunEndpoints } from './run-endpoints';

/** How far back a reloaded page walks a multi-step session (each step is one request). */
const MAX_STEPS = 25;

/**
 * The steps on screen, oldest first: a first run and the action runs that continued it. The latest one is
 * followed live until it is over; earlier ones are finished by construction (an action starts from a
 * finished run).
 */
export function useRunSteps(followOptions: FollowOptions = {}, endpoints: RunEndpoints = userRunEndpoints) {
  const following: FollowOptions = { get: endpoints.get, eventsUrl: endpoints.eventsUrl, ...followOptions };
  const steps = shallowRef<RunView[]>([]);
  const latest = computed(() => steps.value.at(-1) ?? null);
  let stopFollowing: (() => void) | null = null;

  function update(run: RunView): void {
    if (steps.value.some((step) => step.id === run.id)) {
      steps.value = steps.value.map((step) => (step.id === run.id ? run : step));
    }
  }

  function follow(run: RunView): void {
    stopFollowing?.();
    stopFollowing = isTerminalRunStatus(run.status) ? null : followRun(run.id, update, following);
  }

  /** A new first run replaces whatever was shown. */
  function start(run: RunView): void {
    steps.value = [run];
    follow(run);
  }

  /** The next step of the session, below the earlier ones. */
  function append(run: RunView): void {
    steps.value = [...steps.value, run];
    follow(run);
  }

  /** A run and the steps before it (after a reload, or from the history). Throws when the run cannot be read. */
  async function load(runId: string): Promise<void> {
    const chain = [await endpoints.get(runId)];
    while (chain.length < MAX_STEPS && chain[0]!.parentRunId) {
      try {
        chain.unshift(await endpoints.get(chain[0]!.parentRunId));
      } catch {
        break; // An earlier step that is gone (retention) just is not shown.
      }
    }
    steps.value = chain;
    follow(chain.at(-1)!);
  }

  async function cancel(): Promise<void> {
    const run = latest.value;
    if (!run) return;
    const after = await endpoints.cancel(run.id);
    update(after);
    if (isTerminalRunStatus(after.status)) {
      stopFollowing?.();
      stopFollowing = null;
    }
  }

  function clear(): void {
    stopFollowing?.();
    stopFollowing = null;
    steps.value = [];
  }

  onScopeDispose(() => stopFollowing?.());

  return { steps, latest, start, append, load, cancel, clear };
}

export type RunSteps = ReturnType<typeof useRunSteps>;
