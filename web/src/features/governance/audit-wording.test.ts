import type { AuditEvent } from '@skriptoteket/contracts';
import { describe, expect, it } from 'vitest';
import { auditActions } from '../../api/contract-values';
import { createAppI18n } from '../../i18n';
import { describeAuditEvent } from './audit-wording';

function words(
  action: AuditEvent['action'],
  details: Record<string, unknown> = {},
  locale: 'sv' | 'en' = 'sv',
) {
  const { t } = createAppI18n(locale).global;
  return describeAuditEvent({ action, details }, (key, params) => (params ? t(key, params) : t(key)), locale);
}

describe('audit event wording', () => {
  it('puts each governance event into a plain Swedish sentence', () => {
    const cases: [AuditEvent['action'], Record<string, unknown>, string][] = [
      ['tool.created', { title: 'Grupper', slug: 'grupper' }, 'Skapade verktyget'],
      ['tool.published', { slug: 'grupper' }, 'Publicerade verktyget i katalogen'],
      ['tool.depublished', { slug: 'grupper' }, 'Avpublicerade verktyget'],
      [
        'maintainer.added',
        { userId: 'u2', email: 'cecilia@skola.se' },
        'Lade till cecilia@skola.se som förvaltare',
      ],
      ['maintainer.removed', { userId: 'u2' }, 'Tog bort en förvaltare'],
      ['lock.taken_over', { fromUserId: 'u2', fromName: 'Cecilia' }, 'Tog över redigeringen från Cecilia'],
      ['version.saved', { versionId: 'v', number: 2 }, 'Sparade version 2'],
      ['version.submitted', { versionId: 'v', number: 2, note: '' }, 'Skickade version 2 för granskning'],
      ['version.published', { versionId: 'v', number: 1, changeSummary: '' }, 'Publicerade version 1'],
      ['version.changes_requested', { number: 3, message: 'Mer hjälp' }, 'Begärde ändringar i version 3'],
      ['version.rolled_back', { fromNumber: 1, newNumber: 5 }, 'Återställde version 1 som version 5'],
    ];

    expect(cases.map(([action, details]) => words(action, details).summary)).toEqual(
      cases.map(([, , s]) => s),
    );
  });

  it('has words for every action the contracts know', () => {
    for (const action of auditActions) {
      expect(words(action).summary, action).not.toBe(action);
    }
  });

  it('adds the key details: notes, messages, summaries and the new draft', () => {
    expect(words('version.submitted', { number: 2, note: 'Ny kolumn.' }).detail).toBe(
      'Anteckning: Ny kolumn.',
    );
    expect(words('version.published', { number: 2, changeSummary: 'Snabbare.' }).detail).toBe(
      'Sammanfattning: Snabbare.',
    );
    expect(
      words('version.changes_requested', { number: 2, message: 'Rätta stavningen.', newDraftNumber: 3 })
        .detail,
    ).toBe('Meddelande: Rätta stavningen. · Nytt utkast: version 3');
    expect(words('version.saved', { number: 2 }).detail).toBeNull();
  });

  it('lists what changed in an update, with the old and new title', () => {
    const result = words('tool.updated', {
      title: { from: 'Grupper', to: 'Gruppgenerator' },
      slug: { from: 'grupper', to: 'gruppgenerator' },
      categories: { from: [], to: ['ovrigt'] },
    });

    expect(result.summary).toBe('Ändrade titeln, adressen och kategorierna');
    expect(result.detail).toBe('Titel: ”Grupper” → ”Gruppgenerator” · Adress: grupper → gruppgenerator');
  });

  it('names the person a user-administration event affected, and the suggestion decided', () => {
    const role = words('user.role_changed', {
      email: 'eva@skola.se',
      name: 'Eva',
      from: 'user',
      to: 'admin',
    });
    expect(role).toEqual({ summary: 'Ändrade rollen för Eva', detail: 'Användare → Administratör' });
    expect(words('user.deactivated', { email: 'eva@skola.se' }).summary).toBe('Inaktiverade eva@skola.se');
    const declined = words('suggestion.declined', { title: 'Schema', reason: 'Finns redan.' });
    expect(declined).toEqual({ summary: 'Avböjde förslaget ”Schema”', detail: 'Skäl: Finns redan.' });
    expect(words('user.unlocked', { name: 'Eva' }, 'en').summary).toBe('Unlocked Eva');
  });

  it('speaks English too', () => {
    expect(words('version.published', { number: 4 }, 'en').summary).toBe('Published version 4');
    expect(words('tool.updated', { summary: { from: 'a', to: 'b' } }, 'en').summary).toBe(
      'Changed the summary',
    );
  });
});
