import { describe, expect, it } from 'vitest';
import { toolStatuses, versionStates } from '../../api/contract-values';
import { createAppI18n } from '../../i18n';
import { toolBadges, toolStatusBadges, versionStateBadges } from './status';

const sv = createAppI18n('sv').global;
const en = createAppI18n('en').global;

describe('status badges', () => {
  it('names every tool status in Swedish and English with its own tone', () => {
    const rows = toolStatuses.map((status) => {
      const badge = toolStatusBadges[status];
      return [status, sv.t(badge.labelKey), en.t(badge.labelKey), badge.tone];
    });

    expect(rows).toEqual([
      ['draft', 'Utkast', 'Draft', 'neutral'],
      ['in_review', 'Under granskning', 'In review', 'info'],
      ['published', 'Publicerad', 'Published', 'success'],
      ['depublished', 'Avpublicerad', 'Unpublished', 'warning'],
    ]);
  });

  it('names every version state', () => {
    const rows = versionStates.map((state) => [state, sv.t(versionStateBadges[state].labelKey)]);

    expect(rows).toEqual([
      ['draft', 'Utkast'],
      ['in_review', 'Under granskning'],
      ['active', 'Aktiv'],
      ['archived', 'Arkiverad'],
    ]);
    expect(versionStateBadges.active.tone).toBe('success');
  });

  it('adds "Väntar på granskning" when a version waits and the status does not already say so', () => {
    const labels = (tool: Parameters<typeof toolBadges>[0]) => toolBadges(tool).map((b) => sv.t(b.labelKey));

    expect(labels({ status: 'published', hasPendingReview: true })).toEqual([
      'Publicerad',
      'Väntar på granskning',
    ]);
    expect(labels({ status: 'in_review', hasPendingReview: true })).toEqual(['Under granskning']);
    expect(labels({ status: 'draft', hasPendingReview: false })).toEqual(['Utkast']);
  });
});
