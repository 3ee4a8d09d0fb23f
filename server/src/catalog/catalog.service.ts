import { createHash } from 'node:crypto';
import type {
  CatalogPage,
  RecentTool,
  Taxonomy,
  TaxonomyKind,
  TaxonomyTerm,
  ToolCard,
  ToolPage,
} from '@skriptoteket/contracts';
import { text } from '@skriptoteket/contracts';
import { isAdmin } from '../authoring/authoring.model';
import type { Actor } from '../shared/actor';
import { conflict, forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import type { CatalogFilter } from './catalog-search';
import type { CatalogRepo } from './catalog.ports';

export interface CatalogQuery {
  q?: string | undefined;
  professions: string[];
  categories: string[];
  isFavoritesOnly: boolean;
  limit: number;
  cursor?: string | undefined;
}

const AGGREGATE_TTL_MS = 10_000;

const instructionsHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The catalog as teachers see it: only published tools with an active version exist here. */
export class CatalogService {
  private readonly aggregateCache = new Map<
    string,
    { value: { total: number; facets: CatalogPage['facets'] }; expiresAt: number }
  >();

  constructor(
    private readonly deps: {
      catalog: CatalogRepo;
      clock: Clock;
      uploadLimits: ToolPage['uploadLimits'];
    },
  ) {}

  taxonomy(): Promise<Taxonomy> {
    return this.deps.catalog.taxonomy();
  }

  async search(actor: Actor, query: CatalogQuery): Promise<CatalogPage> {
    const offset = query.cursor === undefined ? 0 : decodeOffset(query.cursor);
    const filter = {
      q: query.q?.trim() || undefined,
      professions: query.professions,
      categories: query.categories,
      favoritesOf: query.isFavoritesOnly ? actor.id : undefined,
    };
    const rows = await this.deps.catalog.search(filter, actor.id, { limit: query.limit + 1, offset });
    const items = rows.slice(0, query.limit);
    const { total, facets } = await this.aggregates(filter, actor.id);
    const nextCursor =
      rows.length > query.limit ? Buffer.from(String(offset + query.limit)).toString('base64url') : null;
    return { items, total, facets, nextCursor };
  }

  /**
   * The total and facet counts scan every matching tool, so they are kept for a few seconds per filter (not per
   * user, except favorites-only views, which are small). The listing itself is always live.
   */
  private async aggregates(filter: CatalogFilter, userId: string) {
    const compute = async () => ({
      total: await this.deps.catalog.count(filter, userId),
      facets: await this.deps.catalog.facets(filter, userId),
    });
    if (filter.favoritesOf) return compute();
    const key = JSON.stringify([
      filter.q ?? '',
      [...filter.professions].sort(),
      [...filter.categories].sort(),
    ]);
    const now = this.deps.clock.now().getTime();
    const cached = this.aggregateCache.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    const value = await compute();
    if (this.aggregateCache.size > 500) this.aggregateCache.clear();
    this.aggregateCache.set(key, { value, expiresAt: now + AGGREGATE_TTL_MS });
    return value;
  }

  favorites(actor: Actor): Promise<ToolCard[]> {
    return this.deps.catalog.favorites(actor.id);
  }

  async setFavorite(actor: Actor, toolId: string, isFavorite: boolean): Promise<void> {
    if (!(await this.deps.catalog.setFavorite(actor.id, toolId, isFavorite, this.deps.clock.now()))) {
      throw notFound(
        text(
          'Verktyget finns inte eller är inte publicerat.',
          'The tool does not exist or is not published.',
        ),
      );
    }
  }

  async recentTools(actor: Actor): Promise<RecentTool[]> {
    const rows = await this.deps.catalog.recentTools(actor.id, 8);
    return rows.map((row) => ({ ...row, lastUsedAt: row.lastUsedAt.toISOString() }));
  }

  /** A tool as users see it. Unpublished, depublished or broken tools do not exist for them. */
  async getToolPage(actor: Actor, slug: string): Promise<ToolPage> {
    const row = await this.deps.catalog.findRunnableBySlug(slug);
    if (!row)
      throw notFound(
        text(
          'Verktyget finns inte eller är inte publicerat.',
          'The tool does not exist or is not published.',
        ),
      );
    const readHash = await this.deps.catalog.instructionsReadHash(actor.id, row.id);
    return {
      id: row.id,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      usageInstructions: row.usageInstructions,
      inputSchema: row.inputSchema,
      hasSettings: row.settingsSchema.length > 0,
      versionId: row.versionId,
      professions: row.professions,
      categories: row.categories,
      isFavorite: await this.deps.catalog.isFavorite(actor.id, row.id),
      hasReadInstructions: readHash === instructionsHash(row.usageInstructions),
      uploadLimits: this.deps.uploadLimits,
    };
  }

  /** Marks the current instructions as read; new instructions in a later version open the panel again. */
  async markInstructionsRead(actor: Actor, slug: string): Promise<void> {
    const row = await this.deps.catalog.findRunnableBySlug(slug);
    if (!row)
      throw notFound(
        text(
          'Verktyget finns inte eller är inte publicerat.',
          'The tool does not exist or is not published.',
        ),
      );
    await this.deps.catalog.markInstructionsRead(
      actor.id,
      row.id,
      instructionsHash(row.usageInstructions),
      this.deps.clock.now(),
    );
  }

  async addTerm(actor: Actor, kind: TaxonomyKind, term: TaxonomyTerm): Promise<Taxonomy> {
    if (!isAdmin(actor)) throw forbidden();
    if (!(await this.deps.catalog.insertTerm(kind, term)))
      throw conflict(text(`"${term.slug}" finns redan.`, `"${term.slug}" already exists.`));
    return this.taxonomy();
  }

  async updateTerm(
    actor: Actor,
    kind: TaxonomyKind,
    slug: string,
    fields: { label?: string; order?: number },
  ): Promise<Taxonomy> {
    if (!isAdmin(actor)) throw forbidden();
    if (!(await this.deps.catalog.updateTerm(kind, slug, fields)))
      throw notFound(text(`"${slug}" finns inte.`, `"${slug}" does not exist.`));
    return this.taxonomy();
  }
}

function decodeOffset(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw invalid(text('Ogiltig sidmarkör.', 'Invalid page cursor.'));
  return offset;
}
