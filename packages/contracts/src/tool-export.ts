/**
 * A tool as one JSON file: every version's content and state, its taxonomy and its sample files, so one
 * installation can share a tool with another (`tool:export` / `tool:import`, the admin's buttons). Also the
 * shape the script bank's folders are read into before they are seeded.
 */
import { z } from 'zod';
import { slugSchema } from './governance';
import { versionStates } from './values';

export const TOOL_EXPORT_FORMAT = 'skriptoteket.tool';
export const TOOL_EXPORT_FORMAT_VERSION = 1;
/** Sample files are small synthetic inputs, not data: at most this many, each at most this big. */
export const MAX_SAMPLE_FILES = 10;
export const MAX_SAMPLE_BYTES = 2 * 1024 * 1024;
/** An export is read whole into memory; the HTTP body limit of the import. */
export const MAX_TOOL_EXPORT_BYTES = 40 * 1024 * 1024;

const isoDate = z.iso.datetime({ offset: true });
const nullableText = z.string().max(10_000).nullable().default(null);

export const toolExportVersionSchema = z.object({
  number: z.number().int().min(1),
  state: z.enum(versionStates),
  sourceCode: z.string().max(1_000_000),
  entrypoint: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/),
  inputSchema: z.array(z.unknown()),
  settingsSchema: z.array(z.unknown()),
  usageInstructions: z.string().max(200_000),
  createdAt: isoDate,
  submitNote: nullableText,
  reviewMessage: nullableText,
  changeSummary: nullableText,
  publishedAt: isoDate.nullable().default(null),
});

export const toolExportSampleSchema = z.object({
  name: z.string().min(1).max(255),
  contentBase64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/),
});

export const toolExportSchema = z.object({
  format: z.literal(TOOL_EXPORT_FORMAT),
  formatVersion: z.literal(TOOL_EXPORT_FORMAT_VERSION),
  exportedAt: isoDate,
  tool: z.object({
    slug: slugSchema,
    title: z.string().trim().min(1).max(120),
    summary: z.string().trim().max(500),
    professions: z.array(z.string()).min(1),
    categories: z.array(z.string()).min(1),
  }),
  versions: z.array(toolExportVersionSchema).min(1).max(1000),
  samples: z.array(toolExportSampleSchema).max(MAX_SAMPLE_FILES).default([]),
});
export type ToolExport = z.infer<typeof toolExportSchema>;
export type ToolExportVersion = z.infer<typeof toolExportVersionSchema>;

export const toolImportResultSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  versionCount: z.number().int(),
  sampleCount: z.number().int(),
  isPublished: z.boolean(),
});
export type ToolImportResult = z.infer<typeof toolImportResultSchema>;

export const sampleFileSchema = z.object({ name: z.string(), bytes: z.number().int() });
export const sampleFileListSchema = z.object({ items: z.array(sampleFileSchema) });
export type SampleFile = z.infer<typeof sampleFileSchema>;
