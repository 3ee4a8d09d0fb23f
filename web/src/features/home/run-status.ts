import type { RunStatus } from '@skriptoteket/contracts';
import type { BadgeTone } from '../../ui/badge';

/** How a run's status reads as a badge: the words carry the meaning, the colour only supports it. */
export const runStatusTones: Record<RunStatus, BadgeTone> = {
  queued: 'neutral',
  running: 'info',
  succeeded: 'success',
  failed: 'danger',
  timed_out: 'warning',
  cancelled: 'neutral',
};

export const runStatusKey = (status: RunStatus) => `catalog.runStatus.${status}`;
