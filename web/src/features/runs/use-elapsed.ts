import type { RunView } from '@skriptoteket/contracts';
import { computed, onScopeDispose, ref, watch } from 'vue';
import { isTerminalRunStatus } from '../../api/contract-values';

/**
 * Whole seconds a run has taken: ticking while it is queued or running, its stored duration once it is over.
 * Counted from when it was requested, so time in the queue shows too.
 */
export function useElapsed(run: () => RunView | null, now: () => number = Date.now) {
  const tick = ref(now());
  let timer: ReturnType<typeof setInterval> | undefined;

  const isActive = computed(() => {
    const current = run();
    return current !== null && !isTerminalRunStatus(current.status);
  });

  watch(
    isActive,
    (active) => {
      clearInterval(timer);
      timer = undefined;
      if (active) {
        tick.value = now();
        timer = setInterval(() => (tick.value = now()), 1000);
      }
    },
    { immediate: true },
  );
  onScopeDispose(() => clearInterval(timer));

  return computed(() => {
    const current = run();
    if (!current) return 0;
    const started = Date.parse(current.requestedAt);
    const ended = current.finishedAt ? Date.parse(current.finishedAt) : tick.value;
    return Math.max(0, Math.floor((ended - started) / 1000));
  });
}
