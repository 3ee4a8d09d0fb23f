import type { Taxonomy, TaxonomyKind, TaxonomyTerm } from '@skriptoteket/contracts';

export interface RunnableToolRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  versionId: string;
  usageInstructions: string;
  inputSchema: unknown[];
  settingsSchema: unknown[];
  professions: string[];
  categories: string[];
}

export interface CatalogRepo {
  taxonomy(): Promise<Taxonomy>;
  /** Only a published tool whose active pointer names an active version; anything else is absent. */
  findRunnableBySlug(slug: string): Promise<RunnableToolRow | null>;
  /** False when the slug already exists. */
  insertTerm(kind: TaxonomyKind, term: TaxonomyTerm): Promise<boolean>;
  /** False when there is no such term. */
  updateTerm(kind: TaxonomyKind, slug: string, fields: { label?: string; order?: number }): Promise<boolean>;
}
