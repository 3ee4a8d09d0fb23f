import type { AuditEvent } from '@skriptoteket/contracts';
import { useI18n } from 'vue-i18n';
import { formatList } from '../../i18n/format';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface AuditWording {
  /** What happened, as a sentence without the actor: "Publicerade version 3". */
  summary: string;
  /** The key details (a note, a message, what changed), or null. */
  detail: string | null;
}

const toolFields = ['title', 'summary', 'slug', 'professions', 'categories'] as const;

function text(details: Record<string, unknown>, key: string): string | null {
  const value = details[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

function change(details: Record<string, unknown>, key: string): { from: string; to: string } | null {
  const value = details[key] as { from?: unknown; to?: unknown } | undefined;
  if (typeof value?.from !== 'string' || typeof value.to !== 'string') return null;
  return { from: value.from, to: value.to };
}

function detailLine(t: Translate, key: string, value: string | null): string | null {
  return value === null ? null : t(`auditEvent.detail.${key}`, { text: value });
}

function describeToolUpdate(details: Record<string, unknown>, t: Translate, locale: string): AuditWording {
  const changed = toolFields.filter((field) => field in details);
  const summary =
    changed.length === 0
      ? t('auditEvent.action.toolUpdatedNothing')
      : t('auditEvent.action.toolUpdated', {
          fields: formatList(
            changed.map((field) => t(`auditEvent.field.${field}`)),
            locale,
          ),
        });
  const lines = (['title', 'slug'] as const).flatMap((field) => {
    const c = change(details, field);
    return c ? [t(`auditEvent.detail.${field}Change`, c)] : [];
  });
  return { summary, detail: lines.length > 0 ? lines.join(' · ') : null };
}

const peopleKeys: Record<string, string> = {
  'user.created': 'userCreated',
  'user.role_changed': 'roleChanged',
  'user.deactivated': 'deactivated',
  'user.reactivated': 'reactivated',
  'user.unlocked': 'unlocked',
  'user.reset_sent': 'resetSent',
  'suggestion.accepted': 'suggestionAccepted',
  'suggestion.declined': 'suggestionDeclined',
};

/** User administration and suggestion decisions: who was affected, and the role change or the reason. */
function describePeopleEvent(action: string, d: Record<string, unknown>, t: Translate): AuditWording {
  const who = text(d, 'name') ?? text(d, 'email') ?? '?';
  const summary = t(`people.audit.${peopleKeys[action]}`, { who, title: text(d, 'title') ?? '?' });
  const from = text(d, 'from');
  const to = text(d, 'to');
  if (action === 'user.role_changed' && from && to)
    return {
      summary,
      detail: t('people.audit.roleDetail', { from: t(`roles.${from}`), to: t(`roles.${to}`) }),
    };
  if (action === 'suggestion.declined')
    return { summary, detail: detailOr(t, 'people.audit.reasonDetail', text(d, 'reason')) };
  return { summary, detail: null };
}

function detailOr(t: Translate, key: string, value: string | null): string | null {
  return value === null ? null : t(key, { text: value });
}

/** Puts a governance event into plain words in the current language. */
export function describeAuditEvent(
  event: Pick<AuditEvent, 'action' | 'details'>,
  t: Translate,
  locale: string,
): AuditWording {
  const d = event.details;
  const n = text(d, 'number') ?? '?';
  switch (event.action) {
    case 'tool.created':
      return { summary: t('auditEvent.action.toolCreated'), detail: detailLine(t, 'slug', text(d, 'slug')) };
    case 'tool.updated':
      return describeToolUpdate(d, t, locale);
    case 'tool.imported':
      return { summary: t('bank.audit.imported'), detail: detailLine(t, 'slug', text(d, 'slug')) };
    case 'tool.published':
      return { summary: t('auditEvent.action.toolPublished'), detail: null };
    case 'tool.depublished':
      return { summary: t('auditEvent.action.toolDepublished'), detail: null };
    case 'maintainer.added': {
      const who = text(d, 'name') ?? text(d, 'email');
      return {
        summary: who
          ? t('auditEvent.action.maintainerAdded', { who })
          : t('auditEvent.action.maintainerAddedUnknown'),
        detail: null,
      };
    }
    case 'maintainer.removed': {
      const who = text(d, 'name') ?? text(d, 'email');
      return {
        summary: who
          ? t('auditEvent.action.maintainerRemoved', { who })
          : t('auditEvent.action.maintainerRemovedUnknown'),
        detail: null,
      };
    }
    case 'lock.taken_over':
      return {
        summary: t('auditEvent.action.lockTakenOver', { who: text(d, 'fromName') ?? '?' }),
        detail: null,
      };
    case 'version.saved':
      return { summary: t('auditEvent.action.versionSaved', { n }), detail: null };
    case 'version.submitted':
      return {
        summary: t('auditEvent.action.versionSubmitted', { n }),
        detail: detailLine(t, 'note', text(d, 'note')),
      };
    case 'version.published':
      return {
        summary: t('auditEvent.action.versionPublished', { n }),
        detail: detailLine(t, 'changeSummary', text(d, 'changeSummary')),
      };
    case 'version.changes_requested': {
      const lines = [
        detailLine(t, 'message', text(d, 'message')),
        detailLine(t, 'newDraft', text(d, 'newDraftNumber')),
      ].filter((line): line is string => line !== null);
      return {
        summary: t('auditEvent.action.changesRequested', { n }),
        detail: lines.length > 0 ? lines.join(' · ') : null,
      };
    }
    case 'version.rolled_back':
      return {
        summary: t('auditEvent.action.rolledBack', {
          from: text(d, 'fromNumber') ?? '?',
          to: text(d, 'newNumber') ?? '?',
        }),
        detail: null,
      };
    case 'user.created':
    case 'user.role_changed':
    case 'user.deactivated':
    case 'user.reactivated':
    case 'user.unlocked':
    case 'user.reset_sent':
    case 'suggestion.accepted':
    case 'suggestion.declined':
      return describePeopleEvent(event.action, d, t);
    default:
      return { summary: String(event.action), detail: null };
  }
}

/** `describeAuditEvent` bound to the current language. */
export function useAuditWording() {
  const { t, locale } = useI18n();
  return (event: Pick<AuditEvent, 'action' | 'details'>): AuditWording =>
    describeAuditEvent(event, (key, params) => (params ? t(key, params) : t(key)), locale.value);
}
