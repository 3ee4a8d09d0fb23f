import type { AdminToolSummary } from '@skriptoteket/contracts';

/** How many of the tools have a draft or a version in review, and which need attention (newest first). */
export function summarizeWork(tools: readonly AdminToolSummary[], limit = 5) {
  const isDraft = (tool: AdminToolSummary) => tool.head?.state === 'draft';
  const isInReview = (tool: AdminToolSummary) => tool.hasPendingReview || tool.head?.state === 'in_review';
  const waiting = tools
    .filter((tool) => isDraft(tool) || isInReview(tool))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return {
    drafts: tools.filter(isDraft).length,
    inReview: tools.filter(isInReview).length,
    waiting: waiting.slice(0, limit),
  };
}
