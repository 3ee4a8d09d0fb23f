import { and, desc, eq, isNull, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { suggestions, users } from '../db/schema/index';
import { authoringRepos } from '../authoring/authoring.repo';
import type { SuggestionRecord } from './suggestions.model';
import type { SuggestionListFilter, SuggestionRepo, SuggestionRepos } from './suggestions.ports';

export class DrizzleSuggestionRepo implements SuggestionRepo {
  constructor(private readonly db: Executor) {}

  async insert(suggestion: SuggestionRecord): Promise<void> {
    await this.db.insert(suggestions).values(suggestion);
  }

  async findById(id: string): Promise<SuggestionRecord | null> {
    const [row] = await this.db.select().from(suggestions).where(eq(suggestions.id, id));
    return row ?? null;
  }

  async findByIdForUpdate(id: string): Promise<SuggestionRecord | null> {
    const [row] = await this.db.select().from(suggestions).where(eq(suggestions.id, id)).for('update');
    return row ?? null;
  }

  async list(filter: SuggestionListFilter): Promise<SuggestionRecord[]> {
    const { after } = filter;
    return this.db
      .select()
      .from(suggestions)
      .where(
        and(
          filter.suggesterId ? eq(suggestions.suggesterId, filter.suggesterId) : undefined,
          filter.status ? eq(suggestions.status, filter.status) : undefined,
          after
            ? or(
                lt(suggestions.createdAt, after.createdAt),
                and(eq(suggestions.createdAt, after.createdAt), lt(suggestions.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(suggestions.createdAt), desc(suggestions.id))
      .limit(filter.limit);
  }

  async update(
    id: string,
    fields: Partial<Omit<SuggestionRecord, 'id' | 'suggesterId' | 'createdAt'>>,
  ): Promise<void> {
    await this.db.update(suggestions).set(fields).where(eq(suggestions.id, id));
  }

  async markOutcomesSeen(suggesterId: string, at: Date): Promise<number> {
    const rows = await this.db
      .update(suggestions)
      .set({ outcomeSeenAt: at })
      .where(
        and(
          eq(suggestions.suggesterId, suggesterId),
          ne(suggestions.status, 'pending'),
          isNull(suggestions.outcomeSeenAt),
        ),
      )
      .returning({ id: suggestions.id });
    return rows.length;
  }
}

export function suggestionRepos(db: Executor): SuggestionRepos {
  return {
    ...authoringRepos(db),
    suggestions: new DrizzleSuggestionRepo(db),
    recipients: {
      async find(userId) {
        const [row] = await db
          .select({ email: users.email, name: users.name, locale: users.locale })
          .from(users)
          .where(eq(users.id, userId));
        return row ?? null;
      },
    },
  };
}
