import type { Taxonomy, TaxonomyKind, TaxonomyTerm, ToolPage } from '@skriptoteket/contracts';
import { isAdmin, type Actor } from '../authoring/authoring.model';
import { conflict, forbidden, notFound } from '../shared/app-error';
import type { CatalogRepo } from './catalog.ports';

export class CatalogService {
  constructor(private readonly deps: { catalog: CatalogRepo }) {}

  taxonomy(): Promise<Taxonomy> {
    return this.deps.catalog.taxonomy();
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

  /** A tool as users see it. Unpublished, depublished or broken tools do not exist for them. */
  async getToolPage(slug: string): Promise<ToolPage> {
    const row = await this.deps.catalog.findRunnableBySlug(slug);
    if (!row) throw notFound('Verktyget finns inte eller är inte publicerat.');
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
    };
  }
}
