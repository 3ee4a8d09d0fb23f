import type { ChangeFeed } from '../shared/change-feed';
import { SharedReads } from '../shared/shared-reads';
import type { CatalogRepo, FavoriteIds } from './catalog.ports';

/** Notified by the triggers of migration 0011 with the id of a user whose favorites changed. */
export const FAVORITES_CHANNEL = 'skt_favorites';

const MAX_USERS = 20_000;

/**
 * Each user's favorite tool ids, read once and kept until they change in any process. While the change feed is not
 * live nothing is kept, and a read that overlapped a change is not kept either (it may predate the change).
 */
export class CachedFavoriteIds implements FavoriteIds {
  private readonly byUser = new Map<string, ReadonlySet<string>>();
  private readonly reading = new SharedReads<string, ReadonlySet<string>>();
  private epoch = 0;

  constructor(private readonly deps: { repo: Pick<CatalogRepo, 'favoriteToolIds'>; changes: ChangeFeed }) {
    deps.changes.on(FAVORITES_CHANNEL, (userId) => this.forget(userId));
    deps.changes.onResync(() => {
      this.byUser.clear();
      this.epoch++;
    });
  }

  /** Concurrent first reads of one user share a query, unless something changed since it began. */
  of(userId: string): Promise<ReadonlySet<string>> {
    const isLive = this.deps.changes.isLive;
    const cached = isLive ? this.byUser.get(userId) : undefined;
    if (cached) return Promise.resolve(cached);
    const epoch = this.epoch;
    const read = () => this.read(userId, isLive, epoch);
    return isLive ? this.reading.get(userId, epoch, read) : read();
  }

  private async read(userId: string, isLive: boolean, epoch: number): Promise<ReadonlySet<string>> {
    const ids = new Set(await this.deps.repo.favoriteToolIds(userId));
    if (isLive && this.deps.changes.isLive && epoch === this.epoch) {
      if (this.byUser.size >= MAX_USERS) this.byUser.clear();
      this.byUser.set(userId, ids);
    }
    return ids;
  }

  forget(userId: string): void {
    this.byUser.delete(userId);
    this.epoch++;
  }
}
