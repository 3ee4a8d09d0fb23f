import type { Taxonomy, TaxonomyKind, TaxonomyTerm } from '@skriptoteket/contracts';
import type { CatalogFilter } from './catalog-search';

export interface ToolCardRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  professions: string[];
  categories: string[];
  isFavorite: boolean;
}

export interface FacetCount {
  slug: string;
  count: number;
}

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
  search(
    filter: CatalogFilter,
    userId: string,
    page: { limit: number; offset: number },
  ): Promise<ToolCardRow[]>;
  count(filter: CatalogFilter, userId: string): Promise<number>;
  facets(
    filter: CatalogFilter,
    userId: string,
  ): Promise<{ professions: FacetCount[]; categories: FacetCount[] }>;
  favorites(userId: string): Promise<ToolCardRow[]>;
  /** Adds or removes a favorite; false when the tool is not runnable (it does not exist for users). */
  setFavorite(userId: string, toolId: string, isFavorite: boolean, now: Date): Promise<boolean>;
  recentTools(userId: string, limit: number): Promise<(ToolCardRow & { lastUsedAt: Date })[]>;
  isFavorite(userId: string, toolId: string): Promise<boolean>;
  instructionsReadHash(userId: string, toolId: string): Promise<string | null>;
  markInstructionsRead(userId: string, toolId: string, hash: string, now: Date): Promise<void>;
  /** False when the slug already exists. */
  insertTerm(kind: TaxonomyKind, term: TaxonomyTerm): Promise<boolean>;
  /** False when there is no such term. */
  updateTerm(kind: TaxonomyKind, slug: string, fields: { label?: string; order?: number }): Promise<boolean>;
}
