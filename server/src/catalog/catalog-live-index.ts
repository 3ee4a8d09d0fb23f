import type { ChangeFeed } from '../shared/change-feed';
import type { Logger } from '../shared/ports';
import { CatalogIndex } from './catalog-index';
import type { CatalogRepo, CatalogSearch, IndexFilter, IndexResult } from './catalog.ports';

/** Notified by the triggers of migration 0011 with the id of a tool whose catalog entry may have changed. */
export const CATALOG_CHANNEL = 'skt_catalog';

/** Above this many changed tools at once (bulk imports), one full reload is cheaper than a query per batch. */
const FULL_RELOAD_ABOVE = 2_000;

export interface LiveCatalogIndexDeps {
  source: Pick<CatalogRepo, 'findIndexTools'>;
  changes: ChangeFeed;
  log: Logger;
  /** Changes arriving within this time are applied together. */
  batchMs?: number;
  /** After a failed reload, the next attempt waits this long. */
  retryMs?: number;
}

/**
 * The search index of this process, built from the database (the only source of truth) and kept current by the
 * change feed: changed tools are re-read in batches, within a few milliseconds of their commit. A search waits for
 * changes already announced, so a process sees its own writes; when a reload fails, searches answer from the index
 * as it was and the reload is retried.
 */
export class LiveCatalogIndex implements CatalogSearch {
  private readonly index = new CatalogIndex();
  private building: Promise<void> | null = null;
  private readonly pending = new Set<string>();
  private isFullReloadDue = false;
  private timer: NodeJS.Timeout | undefined;
  private applying: Promise<void> = Promise.resolve();
  private isStopped = false;

  constructor(private readonly deps: LiveCatalogIndexDeps) {
    deps.changes.on(CATALOG_CHANNEL, (toolId) => this.changed(toolId));
    deps.changes.onResync(() => {
      this.isFullReloadDue = true;
      this.schedule();
    });
  }

  get size(): number {
    return this.index.size;
  }

  /** Listens for changes, then loads every runnable tool; later calls wait for the same build. */
  ready(): Promise<void> {
    this.building ??= this.build().catch((error: unknown) => {
      this.building = null;
      throw error;
    });
    return this.building;
  }

  async find(filter: IndexFilter): Promise<IndexResult> {
    await this.ready();
    if (this.pending.size > 0 || this.isFullReloadDue) await this.flush();
    else await this.applying;
    return this.index.find(filter);
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    clearTimeout(this.timer);
    await this.applying;
  }

  private async build(): Promise<void> {
    await this.deps.changes.start();
    this.index.replaceAll(await this.deps.source.findIndexTools());
  }

  private changed(toolId: string): void {
    this.pending.add(toolId);
    if (this.pending.size > FULL_RELOAD_ABOVE) this.isFullReloadDue = true;
    this.schedule();
  }

  private schedule(delayMs = this.deps.batchMs ?? 10): void {
    if (this.isStopped || this.timer) return;
    this.timer = setTimeout(() => void this.flush(), delayMs);
    this.timer.unref();
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.applying = this.applying.then(() => this.apply());
    return this.applying;
  }

  /** Never throws: what could not be applied stays due and is tried again. */
  private async apply(): Promise<void> {
    const building = this.building;
    if (this.isStopped || !building) return;
    // Changes heard while the first load runs are applied after it, never overwritten by its older snapshot.
    if (
      !(await building.then(
        () => true,
        () => false,
      ))
    )
      return;
    const ids = [...this.pending];
    const isFull = this.isFullReloadDue;
    if (!isFull && ids.length === 0) return;
    this.pending.clear();
    this.isFullReloadDue = false;
    try {
      if (isFull) {
        this.index.replaceAll(await this.deps.source.findIndexTools());
        return;
      }
      const found = await this.deps.source.findIndexTools(ids);
      for (const tool of found) this.index.upsert(tool);
      const runnable = new Set(found.map((tool) => tool.id));
      for (const id of ids) if (!runnable.has(id)) this.index.remove(id);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not refresh the catalog search index; retrying');
      for (const id of ids) this.pending.add(id);
      this.isFullReloadDue ||= isFull;
      this.schedule(this.deps.retryMs ?? 1_000);
    }
  }
}
