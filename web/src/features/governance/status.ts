import type { AdminToolSummary, ToolStatus, VersionState } from '@skriptoteket/contracts';
import type { BadgeTone } from '../../ui/badge';

export interface BadgeSpec {
  tone: BadgeTone;
  /** i18n key of the badge text. */
  labelKey: string;
}

/** How a tool's status reads in lists and headers: Utkast, Under granskning, Publicerad, Avpublicerad. */
export const toolStatusBadges: Record<ToolStatus, BadgeSpec> = {
  draft: { tone: 'neutral', labelKey: 'governance.toolStatus.draft' },
  in_review: { tone: 'info', labelKey: 'governance.toolStatus.in_review' },
  published: { tone: 'success', labelKey: 'governance.toolStatus.published' },
  depublished: { tone: 'warning', labelKey: 'governance.toolStatus.depublished' },
};

/** A version's state: Utkast, Under granskning, Aktiv, Arkiverad. */
export const versionStateBadges: Record<VersionState, BadgeSpec> = {
  draft: { tone: 'neutral', labelKey: 'governance.versionState.draft' },
  in_review: { tone: 'info', labelKey: 'governance.versionState.in_review' },
  active: { tone: 'success', labelKey: 'governance.versionState.active' },
  archived: { tone: 'special', labelKey: 'governance.versionState.archived' },
};

const pendingReviewBadge: BadgeSpec = { tone: 'warning', labelKey: 'governance.pendingReview' };

/**
 * The badges of a tool: its status, plus "väntar på granskning" when a version waits for review and the
 * status does not already say so (e.g. a published tool with a new version in review).
 */
export function toolBadges(tool: Pick<AdminToolSummary, 'status' | 'hasPendingReview'>): BadgeSpec[] {
  const badges = [toolStatusBadges[tool.status]];
  if (tool.hasPendingReview && tool.status !== 'in_review') badges.push(pendingReviewBadge);
  return badges;
}
