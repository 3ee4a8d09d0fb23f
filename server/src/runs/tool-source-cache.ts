import { CATALOG_CHANNEL } from '../catalog/catalog-live-index';
import type { ChangeFeed } from '../shared/change-feed';
import { SharedReads } from '../shared/shared-reads';
import type { RunSnapshot } from './runs.model';
import type { RunnableTool, ToolSource } from './runs.ports';

const MAX_TOOLS = 5_000;

/**
 * The runnable tools (published, with an active version) that submissions ask for, read once and kept until they
 * change in any process: every change to what a runnable tool is — publishing, its slug or title, its active
 * version, that version's state, deletion — is announced on the catalog channel with the tool's id (migration
 * 0008's triggers), and drops it here. A tool that is not runnable is never kept (it becomes runnable without
 * anyone asking for its slug). While the change feed is not live nothing is kept, and a read that overlapped a
 * change is not kept either (it may predate the change).
 */
export class CachedToolSource implements ToolSource {
  private readonly byId = new Map<string, RunnableTool>();
  private readonly idBySlug = new Map<string, string>();
  private readonly reading = new SharedReads<string, RunnableTool | null>();
  private epoch = 0;

  constructor(
    private readonly inner: ToolSource,
    private readonly changes: ChangeFeed,
  ) {
    changes.on(CATALOG_CHANNEL, (toolId) => this.forget(toolId));
    changes.onResync(() => this.forgetAll());
  }

  findRunnable(slug: string): Promise<RunnableTool | null> {
    const id = this.idBySlug.get(slug);
    return this.cachedOr(`slug:${slug}`, id, () => this.inner.findRunnable(slug));
  }

  findRunnableById(toolId: string): Promise<RunnableTool | null> {
    return this.cachedOr(`id:${toolId}`, toolId, () => this.inner.findRunnableById(toolId));
  }

  findVersionSnapshot(versionId: string): Promise<RunSnapshot | null> {
    return this.inner.findVersionSnapshot(versionId);
  }

  changed(toolId: string): void {
    this.forget(toolId);
  }

  slugOf(toolId: string): Promise<string | null> {
    return this.inner.slugOf(toolId);
  }

  /** How many tools are kept (tests). */
  get size(): number {
    return this.byId.size;
  }

  private cachedOr(
    key: string,
    id: string | undefined,
    read: () => Promise<RunnableTool | null>,
  ): Promise<RunnableTool | null> {
    const isLive = this.changes.isLive;
    const cached = isLive && id !== undefined ? this.byId.get(id) : undefined;
    if (cached) return Promise.resolve(cached);
    if (!isLive) return read();
    const epoch = this.epoch;
    return this.reading.get(key, epoch, async () => {
      const tool = await read();
      if (tool && this.changes.isLive && epoch === this.epoch) this.keep(tool);
      return tool;
    });
  }

  private keep(tool: RunnableTool): void {
    if (this.byId.size >= MAX_TOOLS) this.forgetAll();
    this.forget(tool.toolId, false);
    this.byId.set(tool.toolId, tool);
    this.idBySlug.set(tool.slug, tool.toolId);
  }

  private forget(toolId: string, isChange = true): void {
    const kept = this.byId.get(toolId);
    if (kept) {
      this.byId.delete(toolId);
      if (this.idBySlug.get(kept.slug) === toolId) this.idBySlug.delete(kept.slug);
    }
    if (isChange) this.epoch++;
  }

  private forgetAll(): void {
    this.byId.clear();
    this.idBySlug.clear();
    this.epoch++;
  }
}
