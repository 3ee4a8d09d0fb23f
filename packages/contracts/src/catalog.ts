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
