import { describe, expect, it } from 'vitest';
import { FakeChangeFeed } from '../../test/fakes/change-feed.fakes';
import { CATALOG_CHANNEL } from '../catalog/catalog-live-index';
import type { RunnableTool, ToolSource } from './runs.ports';
import { CachedToolSource } from './tool-source-cache';

const tool = (toolId: string, slug: string, versionId = 'v1'): RunnableTool => ({
  toolId,
  slug,
  title: slug,
  versionId,
  snapshot: { sourceCode: '', entrypoint: 'run_tool', inputSchema: [], settingsSchema: [] },
});

/** The tables behind the cache: runnable tools by id; counts reads and can hold one open. */
class Tools implements ToolSource {
  reads = 0;
  rows = new Map<string, RunnableTool>([['t1', tool('t1', 'ett')]]);
  gate: Promise<void> | null = null;
  private async read(found: RunnableTool | undefined) {
    this.reads++;
    const copy = found ? structuredClone(found) : null;
    await this.gate;
    return copy;
  }
  findRunnable(slug: string) {
    return this.read([...this.rows.values()].find((row) => row.slug === slug));
  }
  findRunnableById(toolId: string) {
    return this.read(this.rows.get(toolId));
  }
  async findVersionSnapshot() {
    return null;
  }
  async slugOf() {
    return null;
  }
  changed() {}
}

function setUp() {
  const table = new Tools();
  const feed = new FakeChangeFeed();
  return { table, feed, cache: new CachedToolSource(table, feed) };
}

describe('CachedToolSource', () => {
  it('reads a runnable tool once, by slug or id, until a change to it is announced', async () => {
    const { table, feed, cache } = setUp();
    expect((await cache.findRunnable('ett'))?.versionId).toBe('v1');
    expect((await cache.findRunnable('ett'))?.versionId).toBe('v1');
    expect((await cache.findRunnableById('t1'))?.slug).toBe('ett');
    expect(table.reads).toBe(1);

    table.rows.set('t1', tool('t1', 'ett', 'v2')); // a new active version
    feed.notify(CATALOG_CHANNEL, 't1');
    expect((await cache.findRunnable('ett'))?.versionId).toBe('v2');
    expect(table.reads).toBe(2);

    table.rows.delete('t1'); // unpublished
    feed.notify(CATALOG_CHANNEL, 't1');
    expect(await cache.findRunnable('ett')).toBeNull();
    expect(await cache.findRunnableById('t1')).toBeNull();
    expect(table.reads).toBe(4);
  });

  it('keeps no tool that is not runnable: publishing one needs no announcement for its slug', async () => {
    const { table, cache } = setUp();
    expect(await cache.findRunnable('tva')).toBeNull();
    table.rows.set('t2', tool('t2', 'tva'));
    expect((await cache.findRunnable('tva'))?.toolId).toBe('t2');
  });

  it('forgets the old slug of a tool whose slug changed', async () => {
    const { table, feed, cache } = setUp();
    await cache.findRunnable('ett');
    table.rows.set('t1', tool('t1', 'nytt'));
    feed.notify(CATALOG_CHANNEL, 't1');
    expect(await cache.findRunnable('ett')).toBeNull();
    expect((await cache.findRunnable('nytt'))?.toolId).toBe('t1');
  });

  it('does not keep a read that overlapped a change (it may predate it)', async () => {
    const { table, feed, cache } = setUp();
    let open: () => void = () => {};
    table.gate = new Promise((resolve) => (open = resolve));
    const reading = cache.findRunnable('ett');
    feed.notify(CATALOG_CHANNEL, 't1');
    open();
    await reading;
    table.gate = null;
    await cache.findRunnable('ett');
    expect(table.reads).toBe(2);
  });

  it('forgets a tool that its user found changed, also without an announcement', async () => {
    const { table, cache } = setUp();
    await cache.findRunnable('ett');
    table.rows.set('t1', tool('t1', 'ett', 'v2'));
    cache.changed('t1');
    expect((await cache.findRunnable('ett'))?.versionId).toBe('v2');
  });

  it('shares one read among concurrent lookups of a slug', async () => {
    const { table, cache } = setUp();
    const found = await Promise.all([cache.findRunnable('ett'), cache.findRunnable('ett')]);
    expect(found.map((t) => t?.toolId)).toEqual(['t1', 't1']);
    expect(table.reads).toBe(1);
  });

  it('reads the database while changes are not heard, and forgets everything on a resync', async () => {
    const { table, feed, cache } = setUp();
    feed.isLive = false;
    await cache.findRunnable('ett');
    await cache.findRunnable('ett');
    expect(table.reads).toBe(2);
    feed.isLive = true;
    await cache.findRunnable('ett');
    await cache.findRunnable('ett');
    expect(table.reads).toBe(3);
    feed.resyncAll();
    await cache.findRunnable('ett');
    expect(table.reads).toBe(4);
  });
});
