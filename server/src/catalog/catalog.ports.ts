import type { Taxonomy, TaxonomyKind, TaxonomyTerm } from '@skriptoteket/contracts';

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

/** A runnable tool as the catalog shows and searches it. */
export interface IndexedTool {
  id: string;
  slug: string;
  title: string;
  summary: string;
  instructions: string;
  professions: string[];
  categories: string[];
}

export type ListedTool = Omit<IndexedTool, 'instructions'>;

export interface IndexFilter {
  q?: string | undefined;
  professions: string[];
  categories: string[];
  /** Only these tools (the user's favorites); results over such a set are not cached. */
  onlyIds?: ReadonlySet<string> | undefined;
}

export interface IndexResult {
  /** Every tool that passes the filter, best first. */
  tools: ListedTool[];
  total: number;
  facets: { professions: FacetCount[]; categories: FacetCount[] };
}

/** A user's favorite tool ids, for the catalog's hearts and its favorites-only view. */
export interface FavoriteIds {
  of(userId: string): Promise<ReadonlySet<string>>;
  /** This process changed them: the next read goes to the database. */
  forget(userId: string): void;
}

/** Search over the runnable tools; exact for the index's current state. */
export interface CatalogSearch {
  find(filter: IndexFilter): Promise<IndexResult>;
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
  /** Runnable tools as the search index holds them: all of them, or those of `ids` that are runnable. */
  findIndexTools(ids?: string[]): Promise<IndexedTool[]>;
  favoriteToolIds(userId: string): Promise<string[]>;
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
