import { z } from 'zod';

import { hintKey } from './values';

/** What the run page of a published tool needs. */
export const toolPageSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  usageInstructions: z.string(),
  inputSchema: z.array(z.unknown()),
  hasSettings: z.boolean(),
  versionId: z.string(),
  professions: z.array(z.string()),
  categories: z.array(z.string()),
  isFavorite: z.boolean(),
  /** False until the user has read the current version's instructions (the panel then starts open). */
  hasReadInstructions: z.boolean(),
  uploadLimits: z.object({ maxFiles: z.number(), maxFileBytes: z.number(), maxTotalBytes: z.number() }),
});
export type ToolPage = z.infer<typeof toolPageSchema>;

export const toolCardSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  professions: z.array(z.string()),
  categories: z.array(z.string()),
  isFavorite: z.boolean(),
});
export type ToolCard = z.infer<typeof toolCardSchema>;

const facetCount = z.object({ slug: z.string(), count: z.number().int() });
export const catalogPageSchema = z.object({
  items: z.array(toolCardSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  facets: z.object({ professions: z.array(facetCount), categories: z.array(facetCount) }),
});
export type CatalogPage = z.infer<typeof catalogPageSchema>;

export const recentToolSchema = toolCardSchema.extend({ lastUsedAt: z.string() });
export type RecentTool = z.infer<typeof recentToolSchema>;

export const taxonomyKinds = ['professions', 'categories'] as const;
export type TaxonomyKind = (typeof taxonomyKinds)[number];

export const createTaxonomyTermBodySchema = z.object({
  slug: z
    .string()
    .min(2)
    .max(60)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, hintKey('slug')),
  label: z.string().trim().min(1).max(80),
  order: z.number().int().min(0).max(10_000),
});
export const patchTaxonomyTermBodySchema = createTaxonomyTermBodySchema.omit({ slug: true }).partial();
