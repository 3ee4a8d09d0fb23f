import { and, asc, desc, eq, ilike, inArray, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
  auditEvents,
  categories,
  professions,
  toolCategories,
  toolLocks,
  toolMaintainers,
  toolProfessions,
  tools,
  toolVersions,
  users,
} from '../db/schema/index';
import type { LockRecord, ToolRecord, VersionRecord } from './authoring.model';
import type {
  AuditEntry,
  AuditRepo,
  AuthoringRepos,
  LockRepo,
  PeopleRepo,
  TaxonomyRepo,
  ToolListFilter,
  ToolListRow,
  ToolRepo,
  VersionRepo,
} from './authoring.ports';

// Inside a subquery over tool_versions a bare "id" would mean the version's id, so name the outer column fully.
const toolIdColumn = sql.raw('"tools"."id"');
const headSubquery = sql<{ id: string; number: number; state: VersionRecord['state'] } | null>`(
  select json_build_object('id', v.id, 'number', v.number, 'state', v.state) from ${toolVersions} v
  where v.tool_id = ${toolIdColumn} order by v.number desc limit 1)`;
const pendingSubquery = sql<boolean>`exists (select 1 from ${toolVersions} v where v.tool_id = ${toolIdColumn} and v.state = 'in_review')`;
const professionsSubquery = sql<
  string[]
>`coalesce((select array_agg(tp.profession_slug order by tp.profession_slug)
  from ${toolProfessions} tp where tp.tool_id = ${toolIdColumn}), '{}')`;
const categoriesSubquery = sql<
  string[]
>`coalesce((select array_agg(tc.category_slug order by tc.category_slug)
  from ${toolCategories} tc where tc.tool_id = ${toolIdColumn}), '{}')`;

export class DrizzleToolRepo implements ToolRepo {
  constructor(private readonly db: Executor) {}

  async insert(tool: ToolRecord) {
    await this.db.insert(tools).values(tool);
  }

  async findById(id: string) {
    const [row] = await this.db.select().from(tools).where(eq(tools.id, id));
    return row ?? null;
  }

  async findByIdForUpdate(id: string) {
    const [row] = await this.db.select().from(tools).where(eq(tools.id, id)).for('update');
    return row ?? null;
  }

  async isSlugTaken(slug: string, exceptToolId?: string) {
    const where = exceptToolId ? and(eq(tools.slug, slug), ne(tools.id, exceptToolId)) : eq(tools.slug, slug);
    const rows = await this.db.select({ id: tools.id }).from(tools).where(where);
    return rows.length > 0;
  }

  async update(id: string, fields: Partial<Omit<ToolRecord, 'id' | 'createdAt'>>) {
    await this.db.update(tools).set(fields).where(eq(tools.id, id));
  }

  async list(filter: ToolListFilter): Promise<ToolListRow[]> {
    const conditions = [];
    if (filter.ids) conditions.push(inArray(tools.id, filter.ids));
    if (filter.maintainerId) {
      conditions.push(
        sql`exists (select 1 from ${toolMaintainers} m where m.tool_id = ${toolIdColumn} and m.user_id = ${filter.maintainerId})`,
      );
    }
    if (filter.q)
      conditions.push(or(ilike(tools.title, `%${filter.q}%`), ilike(tools.slug, `%${filter.q}%`)));
    const rows = await this.db
      .select({
        tool: tools,
        head: headSubquery,
        hasPendingReview: pendingSubquery,
        professions: professionsSubquery,
        categories: categoriesSubquery,
      })
      .from(tools)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(tools.updatedAt), asc(tools.id));
    return rows.map((r) => ({
      ...r.tool,
      head: r.head,
      hasPendingReview: r.hasPendingReview,
      professions: r.professions,
      categories: r.categories,
    }));
  }

  async taxonomyOf(toolId: string) {
    const p = await this.db.select().from(toolProfessions).where(eq(toolProfessions.toolId, toolId));
    const c = await this.db.select().from(toolCategories).where(eq(toolCategories.toolId, toolId));
    return {
      professions: p.map((r) => r.professionSlug).sort(),
      categories: c.map((r) => r.categorySlug).sort(),
    };
  }

  async setTaxonomy(toolId: string, taxonomy: { professions?: string[]; categories?: string[] }) {
    if (taxonomy.professions) {
      await this.db.delete(toolProfessions).where(eq(toolProfessions.toolId, toolId));
      if (taxonomy.professions.length) {
        await this.db
          .insert(toolProfessions)
          .values(taxonomy.professions.map((professionSlug) => ({ toolId, professionSlug })));
      }
    }
    if (taxonomy.categories) {
      await this.db.delete(toolCategories).where(eq(toolCategories.toolId, toolId));
      if (taxonomy.categories.length) {
        await this.db
          .insert(toolCategories)
          .values(taxonomy.categories.map((categorySlug) => ({ toolId, categorySlug })));
      }
    }
  }

  async maintainerIds(toolId: string) {
    const rows = await this.db
      .select({ userId: toolMaintainers.userId })
      .from(toolMaintainers)
      .where(eq(toolMaintainers.toolId, toolId))
      .orderBy(asc(toolMaintainers.addedAt));
    return rows.map((r) => r.userId);
  }

  async addMaintainer(toolId: string, userId: string, at: Date) {
    const inserted = await this.db
      .insert(toolMaintainers)
      .values({ toolId, userId, addedAt: at })
      .onConflictDoNothing()
      .returning({ userId: toolMaintainers.userId });
    return inserted.length > 0;
  }

  async removeMaintainer(toolId: string, userId: string) {
    const removed = await this.db
      .delete(toolMaintainers)
      .where(and(eq(toolMaintainers.toolId, toolId), eq(toolMaintainers.userId, userId)))
      .returning({ userId: toolMaintainers.userId });
    return removed.length > 0;
  }
}

export class DrizzleVersionRepo implements VersionRepo {
  constructor(private readonly db: Executor) {}

  async insert(version: VersionRecord) {
    await this.db.insert(toolVersions).values(version);
  }

  async findById(id: string) {
    const [row] = await this.db.select().from(toolVersions).where(eq(toolVersions.id, id));
    return row ?? null;
  }

  async findHead(toolId: string) {
    const [row] = await this.db
      .select()
      .from(toolVersions)
      .where(eq(toolVersions.toolId, toolId))
      .orderBy(desc(toolVersions.number))
      .limit(1);
    return row ?? null;
  }

  async listByTool(toolId: string) {
    return this.db
      .select()
      .from(toolVersions)
      .where(eq(toolVersions.toolId, toolId))
      .orderBy(desc(toolVersions.number));
  }

  async listInReview() {
    return this.db
      .select()
      .from(toolVersions)
      .where(eq(toolVersions.state, 'in_review'))
      .orderBy(asc(toolVersions.submittedAt), asc(toolVersions.id));
  }

  async update(id: string, fields: Partial<Omit<VersionRecord, 'id' | 'toolId' | 'number'>>) {
    await this.db.update(toolVersions).set(fields).where(eq(toolVersions.id, id));
  }
}

export class DrizzleLockRepo implements LockRepo {
  constructor(private readonly db: Executor) {}

  async find(toolId: string) {
    const [row] = await this.db.select().from(toolLocks).where(eq(toolLocks.toolId, toolId));
    return row ?? null;
  }

  async upsert(lock: LockRecord) {
    await this.db
      .insert(toolLocks)
      .values(lock)
      .onConflictDoUpdate({
        target: toolLocks.toolId,
        set: { holderId: lock.holderId, acquiredAt: lock.acquiredAt, expiresAt: lock.expiresAt },
      });
  }

  async remove(toolId: string) {
    await this.db.delete(toolLocks).where(eq(toolLocks.toolId, toolId));
  }
}

export class DrizzlePeopleRepo implements PeopleRepo {
  constructor(private readonly db: Executor) {}

  async findByIds(ids: string[]) {
    if (ids.length === 0) return [];
    return this.db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users)
      .where(inArray(users.id, ids));
  }

  async findByEmail(email: string) {
    const [row] = await this.db
      .select({ id: users.id, name: users.name, email: users.email, role: users.role })
      .from(users)
      .where(eq(users.email, email));
    return row ?? null;
  }
}

export class DrizzleTaxonomyRepo implements TaxonomyRepo {
  constructor(private readonly db: Executor) {}

  async existingProfessions(slugs: string[]) {
    if (slugs.length === 0) return [];
    const rows = await this.db
      .select({ slug: professions.slug })
      .from(professions)
      .where(inArray(professions.slug, slugs));
    return rows.map((r) => r.slug);
  }

  async existingCategories(slugs: string[]) {
    if (slugs.length === 0) return [];
    const rows = await this.db
      .select({ slug: categories.slug })
      .from(categories)
      .where(inArray(categories.slug, slugs));
    return rows.map((r) => r.slug);
  }
}

export class DrizzleAuditRepo implements AuditRepo {
  constructor(private readonly db: Executor) {}

  async append(entry: AuditEntry) {
    await this.db.insert(auditEvents).values(entry);
  }
}

export function authoringRepos(db: Executor): AuthoringRepos {
  return {
    tools: new DrizzleToolRepo(db),
    versions: new DrizzleVersionRepo(db),
    locks: new DrizzleLockRepo(db),
    people: new DrizzlePeopleRepo(db),
    taxonomy: new DrizzleTaxonomyRepo(db),
    audit: new DrizzleAuditRepo(db),
  };
}
