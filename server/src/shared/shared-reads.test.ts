import { describe, expect, it } from 'vitest';
import { SharedReads } from './shared-reads';

const deferred = () => {
  let resolve: (value: string) => void = () => {};
  let reject: (error: Error) => void = () => {};
  const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('SharedReads', () => {
  it('shares a read of one key while the epoch is the one it began at', async () => {
    const reads = new SharedReads<string, string>();
    const first = deferred();
    let count = 0;
    const read = () => (count++, first.promise);
    const a = reads.get('k', 1, read);
    const b = reads.get('k', 1, read);
    const other = reads.get('other', 1, () => (count++, Promise.resolve('x')));
    expect(count).toBe(2);
    const afterChange = reads.get('k', 2, () => (count++, Promise.resolve('new')));
    expect(count).toBe(3);
    first.resolve('old');
    expect([await a, await b, await other, await afterChange]).toEqual(['old', 'old', 'x', 'new']);
  });

  it('reads again once a read has settled, also after a failure', async () => {
    const reads = new SharedReads<string, string>();
    const failing = deferred();
    const a = reads.get('k', 1, () => failing.promise);
    failing.reject(new Error('database away'));
    await expect(a).rejects.toThrow('database away');
    expect(await reads.get('k', 1, () => Promise.resolve('back'))).toBe('back');
    expect(await reads.get('k', 1, () => Promise.resolve('again'))).toBe('again');
  });
});
