import type { RunView } from '@skriptoteket/contracts';
import type { Message } from '../../i18n/message';

/** "1:05", "12 s": how long a run took, short enough for a status line. */
export function elapsedParams(seconds: number): { key: string; params: Record<string, string> } {
  if (seconds < 60) return { key: 'runPage.status.seconds', params: { s: String(seconds) } };
  const minutes = Math.floor(seconds / 60);
  return {
    key: 'runPage.status.minutes',
    params: { m: String(minutes), s: String(seconds % 60).padStart(2, '0') },
  };
}

/** What a screen reader hears when a run's status changes (polite; never the ticking time). */
export function statusAnnouncement(run: RunView): Message {
  if (run.status === 'failed' || run.status === 'timed_out') {
    return { key: 'runPage.announce.failed', params: { reason: run.errorSummary ?? '' } };
  }
  return { key: `runPage.announce.${run.status}` };
}

/** The label of the action that started `run`, from the step before it; null for a first run. */
export function actionLabel(run: RunView, previous: RunView | undefined): string | null {
  if (!run.actionId) return null;
  const offered = (previous?.uiPayload as { next_actions?: { action_id: string; label: string }[] } | null)
    ?.next_actions;
  return offered?.find((action) => action.action_id === run.actionId)?.label ?? run.actionId;
}
