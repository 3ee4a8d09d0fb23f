import { describe, expect, it } from 'vitest';
import { FakeChangeFeed as FakeFeed } from '../../test/fakes/change-feed.fakes';
import { silentLogger } from '../shared/ports';
import { CATALOG_CHANNEL, LiveCatalogIndex } from './catalog-live-index';
import type { IndexedTool } from './catalog.ports';

/** The database's runnable tools; `isDown` makes every read fail. */
class Table {
  readonly tools = new Map<string, IndexedTool>();
  isDown = false;
  reads: (string[] | 'all')[] = [];
  async findIndexTools(ids?: string[]) {
    this.reads.push(ids ?? 'all');
    if (this.isDown) throw new Error('database down');
    return [...this.tools.values()].filter((tool) => !ids || ids.includes(tool.id));
  }
  put(id: string, title: string) {
    this.tools.set(id, {
      id,
      slug: id,
      title,
      summary: '',
      instructions: '',
      professions: [],
      categories: [],
    });
  }
}

const setup = () => {
  const feed = new FakeFeed();
  const table = new Table();
  const index = new LiveCatalogIndex({
    source: table,
    changes: feed,
    log: silentLogger,
    batchMs: 5,
    retryMs: 5,
  });
  const titles = async (q?: string) =>
    (await index.find({ q, professions: [], categories: [] })).tools.map((t) => t.title);
  return { feed, table, index, titles };
};

describe('LiveCatalogIndex', () => {
  it('listens before it loads, and a search waits for changes already announced', async () => {
    const { feed, table, titles } = setup();
    table.put('a', 'Gruppgenerator');
    expect(await titles('grupp')).toEqual(['Gruppgenerator']);
    expect(feed.starts).toBe(1);
    table.put('b', 'Gruppindelning');
    feed.notify(CATALOG_CHANNEL, 'b');
    expect(await titles('grupp')).toEqual(['Gruppgenerator', 'Gruppindelning']);
    table.tools.delete('a');
    feed.notify(CATALOG_CHANNEL, 'a');
    expect(await titles('grupp')).toEqual(['Gruppindelning']);
    expect(table.reads).toEqual(['all', ['b'], ['a']]);
  });

  it('applies changes on its own within its batch time', async () => {
    const { feed, table, index, titles } = setup();
    await index.ready();
    table.put('a', 'Schema');
    feed.notify(CATALOG_CHANNEL, 'a');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(table.reads).toEqual(['all', ['a']]);
    expect(await titles()).toEqual(['Schema']);
  });

  it('answers from the index it has while the database fails, and catches up when it is back', async () => {
    const { feed, table, titles } = setup();
    table.put('a', 'Schema');
    expect(await titles()).toEqual(['Schema']);
    table.isDown = true;
    table.put('b', 'Betygsmall');
    feed.notify(CATALOG_CHANNEL, 'b');
    expect(await titles()).toEqual(['Schema']);
    table.isDown = false;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await titles()).toEqual(['Betygsmall', 'Schema']);
  });

  it('reloads everything after a resync (changes may have been missed)', async () => {
    const { feed, table, titles } = setup();
    table.put('a', 'Schema');
    expect(await titles()).toEqual(['Schema']);
    table.put('b', 'Betygsmall');
    for (const handler of feed.resync) handler();
    expect(await titles()).toEqual(['Betygsmall', 'Schema']);
    expect(table.reads).toEqual(['all', 'all']);
  });
});
