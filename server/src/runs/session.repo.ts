import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { sessionFiles, tools, toolSessions, toolSettings, toolVersions } from '../db/schema/index';
import { parseJsonExact } from '@skriptoteket/contracts/json-exact';
import { exactJson } from './runs.repo';
import type { RunSnapshot } from './runs.model';
import type {
  RunnableTool,
  SessionFileRecord,
  SessionFileRepo,
  SessionKey,
  SettingsRepo,
  ToolSessionRecord,
  ToolSessionRepo,
  ToolSource,
} from './runs.ports';

const sessionWhere = (key: SessionKey) =>
  and(
    eq(toolSessions.toolId, key.toolId),
    eq(toolSessions.userId, key.userId),
    eq(toolSessions.context, key.context),
  );

export class DrizzleToolSessionRepo implements ToolSessionRepo {
  constructor(private readonly db: Executor) {}

  async find(key: SessionKey): Promise<ToolSessionRecord | null> {
    const [row] = await this.db
      .select({
        stateText: sql<string>`${toolSessions.state}::text`,
        stateRev: toolSessions.stateRev,
        offeringRunId: toolSessions.offeringRunId,
        offeredText: sql<string>`${toolSessions.offeredActions}::text`,
      })
      .from(toolSessions)
      .where(sessionWhere(key));
    if (!row) return null;
    return {
      state: parseJsonExact(row.stateText) as Record<string, unknown>,
      stateRev: row.stateRev,
      offeringRunId: row.offeringRunId,
      offeredActions: parseJsonExact(row.offeredText) as unknown[],
    };
  }
}

const filesWhere = (key: SessionKey) =>
  and(
    eq(sessionFiles.toolId, key.toolId),
    eq(sessionFiles.userId, key.userId),
    eq(sessionFiles.context, key.context),
  );

export class DrizzleSessionFileRepo implements SessionFileRepo {
  constructor(private readonly db: Executor) {}

  async list(key: SessionKey): Promise<SessionFileRecord[]> {
    return this.db
      .select({ name: sessionFiles.name, bytes: sessionFiles.bytes, storageKey: sessionFiles.storageKey })
      .from(sessionFiles)
      .where(filesWhere(key));
  }

  async replace(key: SessionKey, files: SessionFileRecord[], now: Date): Promise<SessionFileRecord[]> {
    const previous = await this.db
      .delete(sessionFiles)
      .where(filesWhere(key))
      .returning({ name: sessionFiles.name, bytes: sessionFiles.bytes, storageKey: sessionFiles.storageKey });
    if (files.length > 0) {
      await this.db
        .insert(sessionFiles)
        .values(files.map((f) => ({ ...key, ...f, createdAt: now, lastUsedAt: now })));
    }
    return previous;
  }

  async touch(key: SessionKey, now: Date): Promise<void> {
    await this.db.update(sessionFiles).set({ lastUsedAt: now }).where(filesWhere(key));
  }
}

export class DrizzleSettingsRepo implements SettingsRepo {
  constructor(private readonly db: Executor) {}

  async find(toolId: string, userId: string, schemaHash: string) {
    const [row] = await this.db
      .select({ text: sql<string>`${toolSettings.values}::text` })
      .from(toolSettings)
      .where(
        and(
          eq(toolSettings.toolId, toolId),
          eq(toolSettings.userId, userId),
          eq(toolSettings.schemaHash, schemaHash),
        ),
      );
    return row ? (parseJsonExact(row.text) as Record<string, unknown>) : null;
  }

  async save(toolId: string, userId: string, schemaHash: string, values: Record<string, unknown>, now: Date) {
    await this.db
      .insert(toolSettings)
      .values({ toolId, userId, schemaHash, values: exactJson(values), updatedAt: now })
      .onConflictDoUpdate({
        target: [toolSettings.toolId, toolSettings.userId, toolSettings.schemaHash],
        set: { values: exactJson(values), updatedAt: now },
      });
  }
}

const SNAPSHOTS_KEPT = 200;

export class DrizzleToolSource implements ToolSource {
  /** Slugs are immutable after the first publish, and only published tools have runs. */
  private readonly slugs = new Map<string, string>();
  /** A version's code and schemas never change once saved (a save makes a new version). */
  private readonly snapshots = new Map<string, RunSnapshot>();

  constructor(private readonly db: Executor) {}

  changed(): void {
    // Nothing kept here can change: slugs are fixed once published, and versions never change.
  }

  async slugOf(toolId: string): Promise<string | null> {
    const cached = this.slugs.get(toolId);
    if (cached) return cached;
    const [row] = await this.db
      .select({ slug: tools.slug, firstPublishedAt: tools.firstPublishedAt })
      .from(tools)
      .where(eq(tools.id, toolId));
    if (row?.firstPublishedAt) this.slugs.set(toolId, row.slug);
    return row?.slug ?? null;
  }

  findRunnable(slug: string) {
    return this.find(eq(tools.slug, slug));
  }

  findRunnableById(toolId: string) {
    return this.find(eq(tools.id, toolId));
  }

  async findVersionSnapshot(versionId: string): Promise<RunSnapshot | null> {
    const cached = this.snapshots.get(versionId);
    if (cached) return cached;
    const [row] = await this.db
      .select({
        sourceCode: toolVersions.sourceCode,
        entrypoint: toolVersions.entrypoint,
        inputSchema: toolVersions.inputSchema,
        settingsSchema: toolVersions.settingsSchema,
      })
      .from(toolVersions)
      .where(eq(toolVersions.id, versionId));
    if (!row) return null;
    if (this.snapshots.size >= SNAPSHOTS_KEPT) this.snapshots.delete(this.snapshots.keys().next().value!);
    this.snapshots.set(versionId, row);
    return row;
  }

  private async find(where: ReturnType<typeof eq>): Promise<RunnableTool | null> {
    const [row] = await this.db
      .select({
        toolId: tools.id,
        slug: tools.slug,
        title: tools.title,
        versionId: toolVersions.id,
        sourceCode: toolVersions.sourceCode,
        entrypoint: toolVersions.entrypoint,
        inputSchema: toolVersions.inputSchema,
        settingsSchema: toolVersions.settingsSchema,
      })
      .from(tools)
      .innerJoin(
        toolVersions,
        and(eq(toolVersions.id, tools.activeVersionId), eq(toolVersions.state, 'active')),
      )
      .where(and(where, eq(tools.isPublished, true)));
    if (!row) return null;
    const { sourceCode, entrypoint, inputSchema, settingsSchema, ...tool } = row;
    return { ...tool, snapshot: { sourceCode, entrypoint, inputSchema, settingsSchema } };
  }
}
