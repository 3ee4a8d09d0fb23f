import { z } from 'zod';
import { runErrorCodes } from './run-errors';
import { runStatuses, sessionFilesModes } from './values';

/**
 * The run API's shapes (docs/TOOL-CONTRACT.md for what the payloads hold). Run payloads (`inputs`, `uiPayload`)
 * may hold integers beyond 2^53 (bigint): they are declared unknown here and written by the exact serializer.
 */

export const runStatusSchema = z.enum(runStatuses);
export const sessionFilesModeSchema = z.enum(sessionFilesModes);

export const runArtifactViewSchema = z.object({
  id: z.string(),
  /** Contract form `output/<relative>`. */
  path: z.string(),
  bytes: z.number().int(),
  downloadUrl: z.string(),
});
export type RunArtifactView = z.infer<typeof runArtifactViewSchema>;

const inputFileSchema = z.object({ name: z.string(), bytes: z.number().int() });

export const runViewSchema = z.object({
  id: z.string(),
  toolId: z.string(),
  toolSlug: z.string().nullable(),
  versionId: z.string().nullable(),
  kind: z.enum(['production', 'test']),
  status: runStatusSchema,
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  /** Why it did not succeed; null while it runs and when it succeeded. */
  errorCode: z.enum(runErrorCodes).nullable(),
  /** What the person who ran it reads, in their language (the tool's own message for a ToolUserError). */
  errorSummary: z.string().nullable(),
  inputs: z.unknown(),
  inputFiles: z.array(inputFileSchema),
  /** The stored, normalized contract document (contract keys); null until the run has finished. */
  uiPayload: z.unknown(),
  artifacts: z.array(runArtifactViewSchema),
  /** True when retention removed the run's files; the page says so instead of offering dead links. */
  filesExpired: z.boolean(),
  parentRunId: z.string().nullable(),
  actionId: z.string().nullable(),
  session: z.object({ context: z.string(), stateRev: z.number().int() }),
  /** Contributors and admins only: the technical error (contract form), stdout and stderr. */
  errorDetail: z.string().nullable().optional(),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
  isStdoutTruncated: z.boolean().optional(),
  isStderrTruncated: z.boolean().optional(),
});
export type RunView = z.infer<typeof runViewSchema>;

export const runListItemSchema = z.object({
  id: z.string(),
  toolId: z.string(),
  toolSlug: z.string(),
  toolTitle: z.string(),
  status: runStatusSchema,
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
  errorCode: z.enum(runErrorCodes).nullable(),
  errorSummary: z.string().nullable(),
  inputsSummary: z.string(),
  inputFiles: z.array(inputFileSchema),
  artifactCount: z.number().int(),
  filesExpired: z.boolean(),
});
export type RunListItem = z.infer<typeof runListItemSchema>;

export const runListSchema = z.object({
  items: z.array(runListItemSchema),
  nextCursor: z.string().nullable(),
});
export type RunList = z.infer<typeof runListSchema>;

export const runListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** Only runs of the tool with this slug. */
  tool: z.string().min(1).max(100).optional(),
});

/**
 * The text fields of a run submission (multipart `inputs` + `sessionFilesMode`, files as repeated `files`
 * parts; or the same two fields as a JSON body when there are no files).
 */
export const runSubmissionFieldsSchema = z.object({
  /** The form's values as a JSON object, as text. */
  inputs: z.string().max(1_000_000).optional(),
  sessionFilesMode: sessionFilesModeSchema.default('none'),
  /** A run of mine of the same tool whose input files this run also gets ("Kör igen med samma val"). */
  rerunOf: z.uuid().optional(),
});
export type RunSubmissionFields = z.infer<typeof runSubmissionFieldsSchema>;

/** The files a multi-step tool keeps from my latest first run of it (TOOL-CONTRACT.md §4, Session files). */
export const sessionFileListSchema = z.object({ items: z.array(inputFileSchema) });
export type SessionFileList = z.infer<typeof sessionFileListSchema>;

export const runActionBodySchema = z.object({
  actionId: z.string().min(1).max(200),
  input: z.record(z.string(), z.unknown()).default({}),
  expectedStateRev: z.number().int().min(0),
});
export type RunActionBody = z.infer<typeof runActionBodySchema>;

export const toolSettingsSchema = z.object({
  schema: z.array(z.unknown()),
  values: z.record(z.string(), z.unknown()),
});
export type ToolSettings = z.infer<typeof toolSettingsSchema>;

export const toolSettingsBodySchema = z.object({ values: z.record(z.string(), z.unknown()) });
