import { text, type SuggestionStatus } from '@skriptoteket/contracts';
import { conflict } from '../shared/app-error';

export interface SuggestionRecord {
  id: string;
  suggesterId: string;
  title: string;
  description: string;
  professions: string[];
  categories: string[];
  status: SuggestionStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  declineReason: string | null;
  toolId: string | null;
  outcomeSeenAt: Date | null;
  createdAt: Date;
}

export const SUGGESTION_NOT_FOUND = text('Förslaget finns inte.', 'The suggestion does not exist.');

/** A suggestion is decided once; a second decision (two admins at once, a stale page) is a conflict. */
export function assertUndecided(suggestion: SuggestionRecord): void {
  if (suggestion.status !== 'pending')
    throw conflict(
      text(
        suggestion.status === 'accepted' ? 'Förslaget är redan godkänt.' : 'Förslaget är redan avböjt.',
        suggestion.status === 'accepted'
          ? 'The suggestion has already been accepted.'
          : 'The suggestion has already been declined.',
      ),
      { status: suggestion.status },
    );
}

/** The decision is news to the suggester until they have seen it in the app. */
export function isOutcomeNew(suggestion: Pick<SuggestionRecord, 'status' | 'outcomeSeenAt'>): boolean {
  return suggestion.status !== 'pending' && suggestion.outcomeSeenAt === null;
}

/** Pages are ordered newest first; the cursor is the last item's creation time and id. */
export function encodeCursor(item: { createdAt: Date; id: string }): string {
  return `${item.createdAt.toISOString()}_${item.id}`;
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  const [iso, id] = cursor.split('_');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return { createdAt, id };
}
