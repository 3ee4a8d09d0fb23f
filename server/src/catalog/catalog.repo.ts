import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
  categories,
  professions,
  toolCategories,
  toolProfessions,
  tools,
  toolVersions,
} from '../db/schema/index';
import type { TaxonomyKind, TaxonomyTerm } from '@skriptoteket/contracts';
import { queryRows } from '../db/client';
import { favorites, instructionReads } from '../db/schema/index';
import { cardColumns, runnableFrom } from './catalog-sql';
import type { CatalogRepo, IndexedTool, RunnableToolRow, ToolCardRow } from './catalog.ports';

const termTables = { professions, categories } as const;

export class DrizzleCatalogRepo implements CatalogRepo {
  constructor(private readonly db: Executor) {}

  async taxonomy() {
    const term = { slug: professions.slug, label: professions.label, order: professions.sortOrder };
    const p = await this.db.select(term).from(professions).orderBy(asc(professions.sortOrder));
    const c = await this.db
      .select({ slug: categories.slug, label: categories.label, order: categories.sortOrder })
      .from(categories)
      .orderBy(asc(categories.sortOrder));
    return { professions: p, categories: c };
  }

  async findRunnableBySlug(slug: string): Promise<RunnableToolRow | null> {
    const [row] = await this.db
      .select({
        id: tools.id,
        slug: tools.slug,
        title: tools.title,
        summary: tools.summary,
        versionId: toolVersions.id,
        usageInstructions: toolVersions.usageInstructions,
        inputSchema: toolVersions.inputSchema,
        settingsSchema: toolVersions.settingsSchema,
        professions: sql<string[]>`coalesce((select array_agg(tp.profession_slug order by tp.profession_slug)
          from ${toolProfessions} tp where tp.tool_id = ${sql.raw('"tools"."id"')}), '{}')`,
        categories: sql<string[]>`coalesce((select array_agg(tc.category_slug order by tc.category_slug)
          from ${toolCategories} tc where tc.tool_id = ${sql.raw('"tools"."id"')}), '{}')`,
      })
      .from(tools)
      .innerJoin(
        toolVersions,
        and(eq(toolVersions.id, tools.activeVersionId), eq(toolVersions.state, 'active')),
      )
      .where(and(eq(tools.slug, slug), eq(tools.isPublished, true)));
    return row ?? null;
  }

  async insertTerm(kind: TaxonomyKind, term: TaxonomyTerm) {
    const table = termTables[kind];
    const inserted = await this.db
      .insert(table)
      .values({ slug: term.slug, label: term.label, sortOrder: term.order })
      .onConflictDoNothing()
      .returning({ slug: table.slug });
    return inserted.length > 0;
  }

  async updateTerm(kind: TaxonomyKind, slug: string, fields: { label?: string; order?: number }) {
    const table = termTables[kind];
    const set = {
      ...(fields.label !== undefined ? { label: fields.label } : {}),
      ...(fields.order !== undefined ? { sortOrder: fields.order } : {}),
    };
    if (Object.keys(set).length === 0) {
      return (await this.db.select({ slug: table.slug }).from(table).where(eq(table.slug, slug))).length > 0;
    }
    const updated = await this.db
      .update(table)
      .set(set)
      .where(eq(table.slug, slug))
      .returning({ slug: table.slug });
    return updated.length > 0;
  }

  async findIndexTools(ids?: string[]) {
    if (ids && ids.length === 0) return [];
    return queryRows<IndexedTool>(
      this.db,
      sql`select t.id, t.slug, t.title, t.summary, v.usage_instructions as instructions,
            coalesce((select array_agg(tp.profession_slug order by tp.profession_slug) from tool_professions tp where tp.tool_id = t.id), '{}') as professions,
            coalesce((select array_agg(tc.category_slug order by tc.category_slug) from tool_categories tc where tc.tool_id = t.id), '{}') as categories
          from ${runnableFrom} where t.is_published${ids ? sql` and t.id in ${ids}` : sql``}`,
    );
  }

  async favoriteToolIds(userId: string) {
    const rows = await this.db
      .select({ toolId: favorites.toolId })
      .from(favorites)
      .where(eq(favorites.userId, userId));
    return rows.map((row) => row.toolId);
  }

  async favorites(userId: string) {
    const rows = await queryRows<CardRow>(
      this.db,
      sql`select ${cardColumns(userId)} from ${runnableFrom} join favorites fav on fav.tool_id = t.id and fav.user_id = ${userId}
          where t.is_published order by fav.created_at desc`,
    );
    return rows.map(toCard);
  }

  async setFavorite(userId: string, toolId: string, isFavorite: boolean, now: Date) {
    const [runnable] = await queryRows(
      this.db,
      sql`select 1 from ${runnableFrom} where t.id = ${toolId} and t.is_published`,
    );
    if (!runnable) return false;
    if (isFavorite)
      await this.db.insert(favorites).values({ userId, toolId, createdAt: now }).onConflictDoNothing();
    else
      await this.db.delete(favorites).where(and(eq(favorites.userId, userId), eq(favorites.toolId, toolId)));
    return true;
  }

  async recentTools(userId: string, limit: number) {
    const rows = await queryRows<CardRow & { last_used_at: Date | string }>(
      this.db,
      sql`select ${cardColumns(userId)}, r.last_used_at from ${runnableFrom}
          join (select tool_id, max(requested_at) as last_used_at from runs where requested_by = ${userId} and kind = 'production'
                group by tool_id) r on r.tool_id = t.id
          where t.is_published order by r.last_used_at desc limit ${limit}`,
    );
    return rows.map((row) => ({ ...toCard(row), lastUsedAt: new Date(row.last_used_at) }));
  }

  async isFavorite(userId: string, toolId: string) {
    const rows = await this.db
      .select({ toolId: favorites.toolId })
      .from(favorites)
      .where(and(eq(favorites.userId, userId), eq(favorites.toolId, toolId)));
    return rows.length > 0;
  }

  async instructionsReadHash(userId: string, toolId: string) {
    const [row] = await this.db
      .select({ hash: instructionReads.instructionsHash })
      .from(instructionReads)
      .where(and(eq(instructionReads.userId, userId), eq(instructionReads.toolId, toolId)));
    return row?.hash ?? null;
  }

  async markInstructionsRead(userId: string, toolId: string, hash: string, now: Date) {
    await this.db
      .insert(instructionReads)
      .values({ userId, toolId, instructionsHash: hash, readAt: now })
      .onConflictDoUpdate({
        target: [instructionReads.userId, instructionReads.toolId],
        set: { instructionsHash: hash, readAt: now },
      });
  }
}

interface CardRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  professions: string[];
  categories: string[];
  is_favorite: boolean;
}

const toCard = (row: CardRow): ToolCardRow => ({
  id: row.id,
  slug: row.slug,
  title: row.title,
  summary: row.summary,
  professions: row.professions,
  categories: row.categories,
  isFavorite: row.is_favorite,
});
