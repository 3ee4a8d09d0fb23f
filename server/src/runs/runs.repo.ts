import { and, Column, desc, eq, getTableColumns, inArray, is, lt, or, SQL, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/client';
import { runArtifacts, runs, tools } from '../db/schema/index';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { MESSAGES, type ArtifactRecord, type RunRecord, type RunSnapshot } from './runs.model';
import type { RunOutcome, RunPage, RunRepo, SessionUpdate } from './runs.ports';

/** JSONB written from exact text and read back as text, so integers of any size survive (contract §2). */
export const exactJson = (value: unknown): SQL => sql`${stringifyJsonExact(value)}::jsonb`;
const asText = (column: typeof runs.inputs | typeof runs.uiPayload) => sql<string | null>`${column}::text`;

const runColumns = {
  id: runs.id,
  toolId: runs.toolId,
  versionId: runs.versionId,
  kind: runs.kind,
  requestedBy: runs.requestedBy,
  status: runs.status,
  requestedAt: runs.requestedAt,
  startedAt: runs.startedAt,
  finishedAt: runs.finishedAt,
  sessionContext: runs.sessionContext,
  parentRunId: runs.parentRunId,
  actionId: runs.actionId,
  inputsText: asText(runs.inputs),
  inputFiles: runs.inputFiles,
  snapshot: runs.snapshot,
  uiPayloadText: asText(runs.uiPayload),
  errorSummary: runs.errorSummary,
  errorCode: runs.errorCode,
  stdout: runs.stdout,
  stderr: runs.stderr,
  isStdoutTruncated: runs.isStdoutTruncated,
  isStderrTruncated: runs.isStderrTruncated,
  durationMs: runs.durationMs,
  attempt: runs.attempt,
  workerId: runs.workerId,
  leaseExpiresAt: runs.leaseExpiresAt,
  filesExpiredAt: runs.filesExpiredAt,
};

/**
 * The queued run whose turn it is (users take turns; see migration 0010, which defines the function so that a
 * session plans it once), locked for this statement's transaction, skipping runs other workers hold.
 */
const NEXT_IN_TURN = sql`(select skt_next_in_turn())`;

/**
 * The revision of the state of the run's session (tool, user, context), 0 before it has one: read in the same
 * statement as the run, so showing a run costs one statement. Names are qualified by hand: drizzle writes a
 * single table's columns unqualified, which inside this subquery would mean tool_sessions' own.
 */
const STATE_REV = sql<number>`coalesce((
  select s.state_rev from tool_sessions s
  where s.tool_id = runs.tool_id and s.user_id = runs.requested_by and s.context = runs.session_context
), 0)`.mapWith(Number);

type RunRow = { [K in keyof typeof runColumns]: unknown } & Record<string, unknown>;

function toRecord(row: RunRow): RunRecord {
  const { inputsText, uiPayloadText, ...rest } = row;
  return {
    ...(rest as unknown as Omit<RunRecord, 'inputs' | 'uiPayload'>),
    snapshot: (rest['snapshot'] as RunSnapshot | null) ?? null,
    inputs: inputsText ? parseJsonExact(inputsText as string) : {},
    uiPayload: uiPayloadText ? parseJsonExact(uiPayloadText as string) : null,
  };
}

/** A run's columns as a RETURNING list named like runColumns' keys, for statements drizzle cannot build. */
const RETURNED_RUN = sql.join(
  Object.entries(runColumns).map(([key, field]) => sql`${field} as ${sql.identifier(key)}`),
  sql`, `,
);

/** A row returned by RETURNED_RUN, decoded as drizzle decodes its own selects. */
function fromReturned(row: Record<string, unknown>): RunRecord {
  const decoded: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(runColumns)) {
    const value = row[key] ?? null;
    decoded[key] = value !== null && is(field, Column) ? field.mapFromDriverValue(value) : value;
  }
  return toRecord(decoded as RunRow);
}

/** The part of finish's statement that stores the artifacts (passed as one JSON array). */
const artifactInsert = (artifacts: ArtifactRecord[]) => sql`, artifacts as (
  insert into run_artifacts (id, run_id, path, bytes, storage_key, content_type)
  select a.id, a.run_id, a.path, a.bytes, a.storage_key, a.content_type
  from jsonb_to_recordset(${JSON.stringify(
    artifacts.map((a) => ({
      id: a.id,
      run_id: a.runId,
      path: a.path,
      bytes: a.bytes,
      storage_key: a.storageKey,
      content_type: a.contentType,
    })),
  )}::jsonb) as a(id uuid, run_id uuid, path text, bytes bigint, storage_key text, content_type text)
  where exists (select 1 from finished)
)`;

/**
 * The part of finish's statement that records what the run offered in its tool session; a new state raises
 * state_rev (a first session starts at 1 with a state, 0 without).
 */
function sessionUpsert(update: SessionUpdate, now: Date): SQL {
  const hasState = update.state !== undefined;
  const { toolId, userId, context } = update.key;
  return sql`, session as (
    insert into tool_sessions
      (tool_id, user_id, context, state, state_rev, offering_run_id, offered_actions, updated_at)
    select ${toolId}, ${userId}, ${context}, ${exactJson(update.state ?? {})}, ${hasState ? 1 : 0},
      ${update.offeringRunId}, ${exactJson(update.offeredActions)}, ${now.toISOString()}
    where exists (select 1 from finished)
    on conflict (tool_id, user_id, context) do update set
      ${hasState ? sql`state = excluded.state, state_rev = tool_sessions.state_rev + 1,` : sql``}
      offering_run_id = excluded.offering_run_id, offered_actions = excluded.offered_actions,
      updated_at = excluded.updated_at
    returning state_rev
  )`;
}

export class DrizzleRunRepo implements RunRepo {
  constructor(private readonly db: Executor) {}

  async insert(run: RunRecord) {
    const { inputs, uiPayload, snapshot, ...rest } = run;
    const [row] = await this.db
      .insert(runs)
      .values({
        ...rest,
        inputs: exactJson(inputs),
        uiPayload: uiPayload === null ? null : exactJson(uiPayload),
        snapshot,
      })
      .returning({ stateRev: STATE_REV });
    return { stateRev: row?.stateRev ?? 0 };
  }

  async insertAdmitted(run: RunRecord, maxActive: number, options: { whenNoneQueued?: boolean } = {}) {
    const { inputs, uiPayload, snapshot, ...rest } = run;
    const values: Record<string, unknown> = {
      ...rest,
      inputs: exactJson(inputs),
      uiPayload: uiPayload === null ? null : exactJson(uiPayload),
      snapshot,
    };
    const columns = getTableColumns(runs);
    const names: ReturnType<typeof sql.identifier>[] = [];
    const given: SQL[] = [];
    for (const [key, value] of Object.entries(values)) {
      const column = columns[key as keyof typeof columns];
      names.push(sql.identifier(column.name));
      // Typed by hand: in INSERT … SELECT a bare parameter would be read as text, not as its column's type.
      given.push(is(value, SQL) ? value : sql`${sql.param(value, column)}::${sql.raw(column.getSQLType())}`);
    }
    // The queue check and the insert in one statement: the run is stored only if the user has fewer than
    // `maxActive` runs queued or running and the tool still runs this version (and, for a run handed straight to a
    // worker, no run waits in the queue).
    const [row] = await queryRows<{ stateRev: number }>(
      this.db,
      sql`insert into runs (${sql.join(names, sql`, `)})
      select ${sql.join(given, sql`, `)}
      where (
        select count(*) from runs r where r.requested_by = ${run.requestedBy} and r.status in ('queued', 'running')
      ) < ${maxActive}
      and exists (
        select 1 from tools t join tool_versions v on v.id = t.active_version_id
        where t.id = ${run.toolId} and t.active_version_id = ${run.versionId} and t.is_published
          and v.state = 'active'
      )${options.whenNoneQueued ? sql` and not exists (select 1 from runs q where q.status = 'queued')` : sql``}
      returning ${STATE_REV} as "stateRev"`,
    );
    return row ? { stateRev: Number(row.stateRev) } : null;
  }

  async findById(id: string) {
    const [row] = await this.db.select(runColumns).from(runs).where(eq(runs.id, id));
    return row ? toRecord(row) : null;
  }

  async findWithStateRev(id: string) {
    const [row] = await this.db
      .select({ ...runColumns, stateRev: STATE_REV })
      .from(runs)
      .where(eq(runs.id, id));
    if (!row) return null;
    const { stateRev, ...run } = row;
    return { run: toRecord(run), stateRev };
  }

  async listByUser(userId: string, page: RunPage) {
    const after = page.after
      ? or(
          lt(runs.requestedAt, page.after.requestedAt),
          and(eq(runs.requestedAt, page.after.requestedAt), lt(runs.id, page.after.id)),
        )
      : undefined;
    const rows = await this.db
      .select({ ...runColumns, toolSlug: tools.slug, toolTitle: tools.title })
      .from(runs)
      .innerJoin(tools, eq(tools.id, runs.toolId))
      .where(
        and(
          eq(runs.requestedBy, userId),
          eq(runs.kind, 'production'),
          page.toolSlug === undefined ? undefined : eq(tools.slug, page.toolSlug),
          after,
        ),
      )
      .orderBy(desc(runs.requestedAt), desc(runs.id))
      .limit(page.limit);
    return rows.map((row) => ({ ...toRecord(row), toolSlug: row.toolSlug, toolTitle: row.toolTitle }));
  }

  async claimNext(workerId: string, now: Date, leaseUntil: Date) {
    const [row] = await this.db
      .update(runs)
      .set({
        status: 'running',
        startedAt: now,
        workerId,
        attempt: sql`${runs.attempt} + 1`,
        leaseExpiresAt: leaseUntil,
      })
      .where(and(eq(runs.status, 'queued'), sql`${runs.id} = ${NEXT_IN_TURN}`))
      .returning({ ...runColumns, stateRev: STATE_REV });
    if (!row) return null;
    const { stateRev, ...run } = row;
    return { run: toRecord(run), stateRev };
  }

  async renewLease(id: string, attempt: number, leaseUntil: Date) {
    const updated = await this.db
      .update(runs)
      .set({ leaseExpiresAt: leaseUntil })
      .where(and(eq(runs.id, id), eq(runs.attempt, attempt), eq(runs.status, 'running')))
      .returning({ id: runs.id });
    return updated.length > 0;
  }

  async countQueued() {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(runs)
      .where(eq(runs.status, 'queued'));
    return row?.count ?? 0;
  }

  async queueCheck(userId: string, toolId: string) {
    const [row] = await this.db
      .select({
        active: sql<number>`count(*)::int`,
        runnableVersionId: sql<string | null>`(
          select t.active_version_id from tools t join tool_versions v on v.id = t.active_version_id
          where t.id = ${toolId} and t.is_published and v.state = 'active'
        )`,
      })
      .from(runs)
      .where(and(eq(runs.requestedBy, userId), inArray(runs.status, ['queued', 'running'])));
    return { active: row?.active ?? 0, runnableVersionId: row?.runnableVersionId ?? null };
  }

  async countActiveByUser(userId: string) {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(runs)
      .where(and(eq(runs.requestedBy, userId), inArray(runs.status, ['queued', 'running'])));
    return row?.count ?? 0;
  }

  async finish(
    id: string,
    attempt: number,
    outcome: RunOutcome,
    artifacts: ArtifactRecord[],
    session: SessionUpdate | null,
  ) {
    const o = outcome;
    // One statement (its parts see one snapshot and commit together): the artifacts and the session are written
    // only when the update found the run still this attempt's.
    const [row] = await queryRows<Record<string, unknown>>(
      this.db,
      sql`with finished as (
        update runs set status = ${o.status}, finished_at = ${o.finishedAt.toISOString()},
          ui_payload = ${exactJson(o.uiPayload)}, error_summary = ${o.errorSummary}, error_code = ${o.errorCode},
          stdout = ${o.stdout}, stderr = ${o.stderr}, is_stdout_truncated = ${o.isStdoutTruncated},
          is_stderr_truncated = ${o.isStderrTruncated}, duration_ms = ${o.durationMs}, lease_expires_at = null
        where id = ${id} and attempt = ${attempt} and status = 'running'
        returning ${RETURNED_RUN}
      )${artifacts.length > 0 ? artifactInsert(artifacts) : sql``}${session ? sessionUpsert(session, o.finishedAt) : sql``}
      select finished.*, ${session ? sql`(select state_rev from session)` : sql`null::int`} as "stateRev"
      from finished`,
    );
    if (!row) return null;
    const { stateRev, ...run } = row;
    return { run: fromReturned(run), stateRev: stateRev as number | null };
  }

  async cancel(id: string, now: Date) {
    const [before] = await this.db.select({ status: runs.status }).from(runs).where(eq(runs.id, id));
    const updated = await this.db
      .update(runs)
      .set({
        status: 'cancelled',
        finishedAt: now,
        errorCode: 'cancelled',
        errorSummary: MESSAGES.cancelled,
        leaseExpiresAt: null,
      })
      .where(and(eq(runs.id, id), inArray(runs.status, ['queued', 'running'])))
      .returning({ id: runs.id });
    return updated.length > 0 ? (before?.status ?? null) : null;
  }

  async failExpiredLeases(now: Date) {
    const rows = await this.db
      .update(runs)
      .set({
        status: 'failed',
        finishedAt: now,
        errorCode: 'worker_lost',
        errorSummary: MESSAGES.workerLost,
        leaseExpiresAt: null,
        uiPayload: exactJson({ contract_version: 2, outputs: [], next_actions: [], state: null }),
      })
      .where(and(eq(runs.status, 'running'), lt(runs.leaseExpiresAt, now)))
      .returning({ id: runs.id });
    return rows.map((r) => r.id);
  }

  async listArtifacts(runId: string) {
    return this.db
      .select()
      .from(runArtifacts)
      .where(eq(runArtifacts.runId, runId))
      .orderBy(sql`${runArtifacts.path} collate "C"`); // byte order, as byPath() and the output listing sort
  }
}
