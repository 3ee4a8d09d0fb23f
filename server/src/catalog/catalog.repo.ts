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
import type { CatalogRepo, RunnableToolRow } from './catalog.ports';

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
}
