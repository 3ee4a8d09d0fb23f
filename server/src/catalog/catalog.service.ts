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
import type { CatalogRepo, CatalogSearch, FavoriteIds } from './catalog.ports';

export interface CatalogQuery {
  q?: string | undefined;
  professions: string[];
  categories: string[];
  isFavoritesOnly: boolean;
  limit: number;
  cursor?: string | undefined;
}

const instructionsHash = (text: string) => createHash('sha256').update(text).digest('hex');

/** The catalog as teachers see it: only published tools with an active version exist here. */
export class CatalogService {
  constructor(
    private readonly deps: {
      catalog: CatalogRepo;
      search: CatalogSearch;
      favorites: FavoriteIds;
      clock: Clock;
      uploadLimits: ToolPage['uploadLimits'];
    },
  ) {}

  taxonomy(): Promise<Taxonomy> {
    return this.deps.catalog.taxonomy();
  }

  /**
   * One page of the catalog from the search index, with the total and facet counts of everything that passes the
   * filter. Nothing is read from the database while the user's favorites are cached.
   */
  async search(actor: Actor, query: CatalogQuery): Promise<CatalogPage> {
    const offset = query.cursor === undefined ? 0 : decodeOffset(query.cursor);
    const favorites = await this.deps.favorites.of(actor.id);
    const { tools, total, facets } = await this.deps.search.find({
      q: query.q?.trim() || undefined,
      professions: query.professions,
      categories: query.categories,
      onlyIds: query.isFavoritesOnly ? favorites : undefined,
    });
    const items = tools.slice(offset, offset + query.limit).map((tool) => ({
      id: tool.id,
      slug: tool.slug,
      title: tool.title,
      summary: tool.summary,
      professions: tool.professions,
      categories: tool.categories,
      isFavorite: favorites.has(tool.id),
    }));
    const nextCursor =
      offset + query.limit < total ? Buffer.from(String(offset + query.limit)).toString('base64url') : null;
    return { items, total, facets, nextCursor };
  }

  favorites(actor: Actor): Promise<ToolCard[]> {
    return this.deps.catalog.favorites(actor.id);
  }

  async setFavorite(actor: Actor, toolId: string, isFavorite: boolean): Promise<void> {
    const isRunnable = await this.deps.catalog.setFavorite(
      actor.id,
      toolId,
      isFavorite,
      this.deps.clock.now(),
    );
    this.deps.favorites.forget(actor.id);
    if (!isRunnable) {
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
