/**
 * Concurrent reads of one key share a single promise, so a burst of requests that all miss a cache (after an expiry
 * or a change) costs one query. A read is shared only while the cache's epoch is the one it began at: a caller that
 * comes after a change never receives a read that may predate it.
 */
export class SharedReads<K, V> {
  private readonly pending = new Map<K, { epoch: number; value: Promise<V> }>();

  get(key: K, epoch: number, read: () => Promise<V>): Promise<V> {
    const pending = this.pending.get(key);
    if (pending && pending.epoch === epoch) return pending.value;
    const entry = { epoch, value: read() };
    this.pending.set(key, entry);
    const settled = () => {
      if (this.pending.get(key) === entry) this.pending.delete(key);
    };
    entry.value.then(settled, settled);
    return entry.value;
  }
}
