import { describe, expect, it } from 'vitest';
import { FakeChangeFeed as FakeFeed } from '../../test/fakes/change-feed.fakes';
import { CachedFavoriteIds, FAVORITES_CHANNEL } from './favorites-cache';

/** The favorites table: counts reads, and can hold them open. */
class FavoritesTable {
  reads = 0;
  ids = ['t1'];
  gate: Promise<void> | null = null;
  async favoriteToolIds() {
    this.reads++;
    const ids = [...this.ids];
    await this.gate;
    return ids;
  }
}

describe('CachedFavoriteIds', () => {
  it('answers a burst of first lookups with one read, and a lookup after a change with a new one', async () => {
    const feed = new FakeFeed();
    const table = new FavoritesTable();
    const cache = new CachedFavoriteIds({ repo: table, changes: feed });
    let open = () => {};
    table.gate = new Promise((resolve) => (open = resolve));
    const burst = Array.from({ length: 50 }, () => cache.of('u1'));
    table.ids = ['t1', 't2'];
    feed.notify(FAVORITES_CHANNEL, 'u1');
    const afterChange = cache.of('u1');
    expect(table.reads).toBe(2);
    open();
    expect([...(await burst[49]!)]).toEqual(['t1']);
    expect([...(await afterChange)]).toEqual(['t1', 't2']);
    expect([...(await cache.of('u1'))]).toEqual(['t1', 't2']);
    expect(table.reads).toBe(2);
  });
});
