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
import { isAdmin, type Actor } from '../authoring/authoring.model';
import { conflict, forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import type { CatalogRepo } from './catalog.ports';

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
    const { rows, total } = await this.deps.catalog.search(filter, actor.id, { limit: query.limit, offset });
    const facets = await this.deps.catalog.facets(filter, actor.id);
    const next = offset + rows.length;
    return {
      items: rows,
      total,
      facets,
      nextCursor: next < total ? Buffer.from(String(next)).toString('base64url') : null,
    };
  }

  favorites(actor: Actor): Promise<ToolCard[]> {
    return this.deps.catalog.favorites(actor.id);
  }

  async setFavorite(actor: Actor, toolId: string, isFavorite: boolean): Promise<void> {
    if (!(await this.deps.catalog.setFavorite(actor.id, toolId, isFavorite, this.deps.clock.now()))) {
      throw notFound('Verktyget finns inte eller är inte publicerat.');
    }
  }

  async recentTools(actor: Actor): Promise<RecentTool[]> {
    const rows = await this.deps.catalog.recentTools(actor.id, 8);
    return rows.map((row) => ({ ...row, lastUsedAt: row.lastUsedAt.toISOString() }));
  }

  /** A tool as users see it. Unpublished, depublished or broken tools do not exist for them. */
  async getToolPage(actor: Actor, slug: string): Promise<ToolPage> {
    const row = await this.deps.catalog.findRunnableBySlug(slug);
    if (!row) throw notFound('Verktyget finns inte eller är inte publicerat.');
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
    if (!row) throw notFound('Verktyget finns inte eller är inte publicerat.');
    await this.deps.catalog.markInstructionsRead(
      actor.id,
      row.id,
      instructionsHash(row.usageInstructions),
      this.deps.clock.now(),
    );
  }

  async addTerm(actor: Actor, kind: TaxonomyKind, term: TaxonomyTerm): Promise<Taxonomy> {
    if (!isAdmin(actor)) throw forbidden();
    if (!(await this.deps.catalog.insertTerm(kind, term))) throw conflict(`"${term.slug}" finns redan.`);
    return this.taxonomy();
  }

  async updateTerm(
    actor: Actor,
    kind: TaxonomyKind,
    slug: string,
    fields: { label?: string; order?: number },
  ): Promise<Taxonomy> {
    if (!isAdmin(actor)) throw forbidden();
    if (!(await this.deps.catalog.updateTerm(kind, slug, fields))) throw notFound(`"${slug}" finns inte.`);
    return this.taxonomy();
  }
}

function decodeOffset(cursor: string): number {
  const offset = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('Ogiltig sidmarkör.');
  return offset;
}
