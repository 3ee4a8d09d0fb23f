import { z } from 'zod';

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
});
export type ToolPage = z.infer<typeof toolPageSchema>;

export const taxonomyKinds = ['professions', 'categories'] as const;
export type TaxonomyKind = (typeof taxonomyKinds)[number];

export const createTaxonomyTermBodySchema = z.object({
  slug: z
    .string()
    .min(2)
    .max(60)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Bara a–z, 0–9 och bindestreck mellan ord.'),
  label: z.string().trim().min(1).max(80),
  order: z.number().int().min(0).max(10_000),
});
export const patchTaxonomyTermBodySchema = createTaxonomyTermBodySchema.omit({ slug: true }).partial();
