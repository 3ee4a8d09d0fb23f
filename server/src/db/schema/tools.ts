import type { CompileError } from '@skriptoteket/contracts';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { categories, professions } from './taxonomy';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const tools = pgTable('tools', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  summary: text('summary').notNull(),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => users.id),
  isPublished: boolean('is_published').notNull().default(false),
  /** Set on the first publish; the slug is immutable from then on. */
  firstPublishedAt: ts('first_published_at'),
  activeVersionId: uuid('active_version_id').references((): AnyPgColumn => toolVersions.id),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const toolVersions = pgTable(
  'tool_versions',
  {
    id: uuid('id').primaryKey(),
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    state: text('state', { enum: ['draft', 'in_review', 'active', 'archived'] }).notNull(),
    sourceCode: text('source_code').notNull(),
    entrypoint: text('entrypoint').notNull(),
    inputSchema: jsonb('input_schema').$type<unknown[]>().notNull(),
    settingsSchema: jsonb('settings_schema').$type<unknown[]>().notNull(),
    usageInstructions: text('usage_instructions').notNull(),
    contentHash: text('content_hash').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: ts('created_at').notNull(),
    submittedBy: uuid('submitted_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    submitNote: text('submit_note'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    reviewMessage: text('review_message'),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: ts('published_at'),
    changeSummary: text('change_summary'),
    derivedFromVersionId: uuid('derived_from_version_id'),
    /** What the compiler said about source_code (null: it compiles); meaningful once compile_checked_at is set. */
    compileError: jsonb('compile_error').$type<CompileError>(),
    /** Null for versions saved before compile checks existed; they are checked when next submitted or published. */
    compileCheckedAt: ts('compile_checked_at'),
  },
  (t) => [
    uniqueIndex('tool_versions_number_unique').on(t.toolId, t.number),
    // The core governance invariant: at most one active version per tool, whatever the code does.
    uniqueIndex('tool_versions_one_active')
      .on(t.toolId)
      .where(sql`${t.state} = 'active'`),
    index('tool_versions_review_idx').on(t.state, t.submittedAt),
    check('tool_versions_state_check', sql`${t.state} in ('draft', 'in_review', 'active', 'archived')`),
  ],
);

export const toolProfessions = pgTable(
  'tool_professions',
  {
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    professionSlug: text('profession_slug')
      .notNull()
      .references(() => professions.slug, { onUpdate: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.professionSlug] })],
);

export const toolCategories = pgTable(
  'tool_categories',
  {
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    categorySlug: text('category_slug')
      .notNull()
      .references(() => categories.slug, { onUpdate: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.categorySlug] })],
);

export const toolMaintainers = pgTable(
  'tool_maintainers',
  {
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.userId] }), index('tool_maintainers_user_idx').on(t.userId)],
);

export const toolLocks = pgTable('tool_locks', {
  toolId: uuid('tool_id')
    .primaryKey()
    .references(() => tools.id, { onDelete: 'cascade' }),
  holderId: uuid('holder_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  acquiredAt: ts('acquired_at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});
