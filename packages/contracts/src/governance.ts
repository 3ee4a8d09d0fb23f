import { z } from 'zod';

import { auditActions, hintKey, toolStatuses, versionStates } from './values';

const id = z.string().uuid();
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugSchema = z.string().min(2).max(80).regex(slugPattern, hintKey('slug'));

export const personSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type Person = z.infer<typeof personSchema>;

export const taxonomyTermSchema = z.object({ slug: z.string(), label: z.string(), order: z.number().int() });
export const taxonomySchema = z.object({
  professions: z.array(taxonomyTermSchema),
  categories: z.array(taxonomyTermSchema),
});
export type TaxonomyTerm = z.infer<typeof taxonomyTermSchema>;
export type Taxonomy = z.infer<typeof taxonomySchema>;

export const toolLockSchema = z.object({
  holder: personSchema,
  acquiredAt: z.string(),
  expiresAt: z.string(),
  isMine: z.boolean(),
});
export type ToolLock = z.infer<typeof toolLockSchema>;

/** Why a version's source does not compile; line and column are null when the compiler gave no position. */
export const compileErrorSchema = z.object({
  message: z.string(),
  line: z.number().int().nullable(),
  /** 1-based, counted in characters of `text`. */
  column: z.number().int().nullable(),
  /** The offending line; '' when unknown. */
  text: z.string(),
});
export type CompileError = z.infer<typeof compileErrorSchema>;

/** `details` of the 409 CONFLICT that refuses to submit, publish or restore a version that does not compile. */
export const doesNotCompileDetailsSchema = compileErrorSchema.extend({
  reason: z.literal('DOES_NOT_COMPILE'),
});
export type DoesNotCompileDetails = z.infer<typeof doesNotCompileDetailsSchema>;

export const versionSummarySchema = z.object({
  id: z.string(),
  toolId: z.string(),
  number: z.number().int(),
  state: z.enum(versionStates),
  createdBy: personSchema,
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  submitNote: z.string().nullable(),
  reviewedBy: personSchema.nullable(),
  reviewedAt: z.string().nullable(),
  reviewMessage: z.string().nullable(),
  publishedBy: personSchema.nullable(),
  publishedAt: z.string().nullable(),
  changeSummary: z.string().nullable(),
  derivedFromVersionId: z.string().nullable(),
  contentHash: z.string(),
  /** Null when the source compiles, or when it has not been checked yet (`compileCheckedAt` null). */
  compileError: compileErrorSchema.nullable(),
  compileCheckedAt: z.string().nullable(),
});
export type VersionSummary = z.infer<typeof versionSummarySchema>;

export const versionSchema = versionSummarySchema.extend({
  sourceCode: z.string(),
  entrypoint: z.string(),
  inputSchema: z.array(z.unknown()),
  settingsSchema: z.array(z.unknown()),
  usageInstructions: z.string(),
});
export type Version = z.infer<typeof versionSchema>;

export const adminToolSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(toolStatuses),
  hasPendingReview: z.boolean(),
  isPublished: z.boolean(),
  activeVersionId: z.string().nullable(),
  head: z.object({ id: z.string(), number: z.number().int(), state: z.enum(versionStates) }).nullable(),
  professions: z.array(z.string()),
  categories: z.array(z.string()),
  updatedAt: z.string(),
});
export type AdminToolSummary = z.infer<typeof adminToolSummarySchema>;

export const adminToolSchema = adminToolSummarySchema.extend({
  owner: personSchema,
  maintainers: z.array(personSchema),
  isSlugLocked: z.boolean(),
  lock: toolLockSchema.nullable(),
  createdAt: z.string(),
  canEdit: z.boolean(),
  canAdminister: z.boolean(),
});
export type AdminTool = z.infer<typeof adminToolSchema>;

export const createToolBodySchema = z.object({
  title: z.string().trim().min(1).max(120),
  summary: z.string().trim().max(500).default(''),
});
export const patchToolBodySchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    summary: z.string().trim().max(500),
    slug: slugSchema,
    professions: z.array(z.string()).max(20),
    categories: z.array(z.string()).max(20),
  })
  .partial();
export type PatchToolBody = z.infer<typeof patchToolBodySchema>;

export const MAX_SOURCE_BYTES = 512 * 1024;
export const saveVersionBodySchema = z.object({
  baseVersionId: id.nullable(),
  sourceCode: z.string().max(MAX_SOURCE_BYTES),
  entrypoint: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, hintKey('entrypoint'))
    .default('run_tool'),
  inputSchema: z.array(z.unknown()).default([]),
  settingsSchema: z.array(z.unknown()).default([]),
  usageInstructions: z
    .string()
    .max(64 * 1024)
    .default(''),
});
export type SaveVersionBody = z.infer<typeof saveVersionBodySchema>;

export const submitBodySchema = z.object({ note: z.string().trim().max(2000).default('') });
export const publishBodySchema = z.object({ changeSummary: z.string().trim().max(2000).default('') });
export const requestChangesBodySchema = z.object({ message: z.string().trim().min(1).max(4000) });

export const diffFileSchema = z.object({ name: z.string(), patch: z.string(), isChanged: z.boolean() });
export const versionDiffSchema = z.object({
  from: versionSummarySchema,
  to: versionSummarySchema,
  files: z.array(diffFileSchema),
});
export type VersionDiff = z.infer<typeof versionDiffSchema>;

export const reviewItemSchema = z.object({
  version: versionSummarySchema,
  tool: z.object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    activeVersionId: z.string().nullable(),
  }),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const auditEventSchema = z.object({
  id: z.number().int(),
  toolId: z.string().nullable(),
  toolTitle: z.string().nullable(),
  actor: personSchema,
  action: z.enum(auditActions),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const maintainerBodySchema = z.union([
  z.object({ userId: id }),
  z.object({ email: z.string().trim().min(3) }),
]);
export const lockBodySchema = z.object({ force: z.boolean().default(false) });

export const schemaValidationBodySchema = z.object({ inputSchema: z.unknown(), settingsSchema: z.unknown() });
export const schemaValidationResultSchema = z.object({
  isValid: z.boolean(),
  inputSchema: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
  settingsSchema: z.array(
    z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }),
  ),
});

export const listOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
