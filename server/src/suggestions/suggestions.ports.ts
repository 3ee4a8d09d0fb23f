import type { SuggestionStatus } from '@skriptoteket/contracts';
import type { AuthoringRepos } from '../authoring/authoring.ports';
import type { Recipient } from '../people/user-admin.ports';
import type { SuggestionRecord } from './suggestions.model';

export interface SuggestionListFilter {
  suggesterId?: string;
  status?: SuggestionStatus;
  /** Continue after this item (newest first). */
  after?: { createdAt: Date; id: string };
  limit: number;
}

export interface SuggestionRepo {
  insert(suggestion: SuggestionRecord): Promise<void>;
  findById(id: string): Promise<SuggestionRecord | null>;
  /** Locks the row for the rest of the transaction, so two admins cannot both decide. */
  findByIdForUpdate(id: string): Promise<SuggestionRecord | null>;
  list(filter: SuggestionListFilter): Promise<SuggestionRecord[]>;
  update(
    id: string,
    fields: Partial<Omit<SuggestionRecord, 'id' | 'suggesterId' | 'createdAt'>>,
  ): Promise<void>;
  /** Marks every decided suggestion of the suggester as seen; returns how many were news. */
  markOutcomesSeen(suggesterId: string, at: Date): Promise<number>;
}

export interface SuggestionRepos extends AuthoringRepos {
  suggestions: SuggestionRepo;
  recipients: { find(userId: string): Promise<Recipient | null> };
}

/** Tells the suggester about the decision by mail (PeopleMail); the app shows it too. */
export interface SuggestionMail {
  decided(
    to: Recipient,
    outcome: { title: string; status: 'accepted' | 'declined'; reason: string | null; url: string },
  ): Promise<void>;
}
