import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { ownedByTool, ownedByUser } from './refs';
import { tools, toolVersions } from './tools';
import { users } from './users';

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const runs = pgTable(
  'runs',
  {
    id: uuid('id').primaryKey(),
    toolId: uuid('tool_id')
      .notNull()
      .references(() => tools.id),
    versionId: uuid('version_id').references(() => toolVersions.id),
    kind: text('kind', { enum: ['production', 'test'] }).notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    status: text('status', {
      enum: ['queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled'],
    }).notNull(),
    requestedAt: ts('requested_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    sessionContext: text('session_context').notNull().default('default'),
    /** Set on action runs: the run whose next_actions offered this action. */
    parentRunId: uuid('parent_run_id'),
    actionId: text('action_id'),
    /** Normalized form values (or the action's input); stored as text-exact JSONB. */
    inputs: jsonb('inputs').notNull(),
    inputFiles: jsonb('input_files').$type<{ name: string; bytes: number }[]>().notNull(),
    /** Editor test runs carry the unsaved code they ran instead of a version. */
    snapshot: jsonb('snapshot'),
    uiPayload: jsonb('ui_payload'),
    errorSummary: text('error_summary'),
    /** Why it did not succeed (RunErrorCode): what people read is chosen by this, in their language. */
    errorCode: text('error_code'),
    stdout: text('stdout'),
    stderr: text('stderr'),
    isStdoutTruncated: boolean('is_stdout_truncated').notNull().default(false),
    isStderrTruncated: boolean('is_stderr_truncated').notNull().default(false),
    durationMs: integer('duration_ms'),
    /** Fencing token: a worker may only finish the attempt it claimed. */
    attempt: integer('attempt').notNull().default(0),
    workerId: text('worker_id'),
    leaseExpiresAt: ts('lease_expires_at'),
    filesExpiredAt: ts('files_expired_at'),
  },
  (t) => [
    index('runs_user_idx').on(t.requestedBy, t.requestedAt),
    index('runs_status_idx').on(t.status),
    index('runs_queued_idx')
      .on(t.requestedAt, t.id)
      .where(sql`${t.status} = 'queued'`),
    index('runs_tool_user_idx').on(t.toolId, t.requestedBy, t.requestedAt),
    check(
      'runs_status_check',
      sql`${t.status} in ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled')`,
    ),
    check('runs_kind_check', sql`${t.kind} in ('production', 'test')`),
  ],
);

export const runArtifacts = pgTable(
  'run_artifacts',
  {
    id: uuid('id').primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    /** Contract form: `output/<relative>`. */
    path: text('path').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    contentType: text('content_type').notNull(),
  },
  (t) => [index('run_artifacts_run_idx').on(t.runId)],
);

/** Multi-step state per (tool, user, session context), with a revision that rises on every write. */
export const toolSessions = pgTable(
  'tool_sessions',
  {
    toolId: ownedByTool(),
    userId: ownedByUser(),
    context: text('context').notNull(),
    state: jsonb('state').notNull(),
    stateRev: integer('state_rev').notNull().default(0),
    /** The run whose next_actions may be submitted now, and what it offered. */
    offeringRunId: uuid('offering_run_id'),
    offeredActions: jsonb('offered_actions')
      .notNull()
      .default(sql`'[]'::jsonb`),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.userId, t.context] })],
);

export const sessionFiles = pgTable(
  'session_files',
  {
    toolId: ownedByTool(),
    userId: ownedByUser(),
    context: text('context').notNull(),
    name: text('name').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.toolId, t.userId, t.context, t.name] }),
    index('session_files_used_idx').on(t.lastUsedAt),
  ],
);

export const toolSettings = pgTable(
  'tool_settings',
  {
    toolId: ownedByTool(),
    userId: ownedByUser(),
    /** Hash of the settings_schema the values were saved for; a changed schema starts from empty values. */
    schemaHash: text('schema_hash').notNull(),
    values: jsonb('values').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.toolId, t.userId, t.schemaHash] })],
);
