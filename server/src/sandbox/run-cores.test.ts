import { describe, expect, it } from 'vitest';
import { CoreAssigner } from './run-cores';

describe('CoreAssigner', () => {
  it('gives a run the core with the fewest runs on it, so concurrent runs spread out', () => {
    const cores = new CoreAssigner([0, 1]);
    const first = cores.take();
    const second = cores.take();
    expect(new Set([first, second])).toEqual(new Set([0, 1]));

    // A long run holds core `first`; the other one ends: the next run goes where nothing runs.
    cores.release(second);
    expect(cores.take()).toBe(second);
    expect(cores.load()).toEqual(
      new Map([
        [first, 1],
        [second, 1],
      ]),
    );
  });

  it('takes idle cores in turn, so runs one after another do not all land on the first core', () => {
    const cores = new CoreAssigner([2, 3, 5]);
    const taken: number[] = [];
    for (let i = 0; i < 6; i++) {
      const cpu = cores.take();
      taken.push(cpu);
      cores.release(cpu);
    }
    expect(taken).toEqual([2, 3, 5, 2, 3, 5]);
  });

  it('counts every run it handed out until that run gives its core back, and ignores a foreign release', () => {
    const cores = new CoreAssigner([0, 1]);
    const held = [cores.take(), cores.take(), cores.take()];
    expect([...cores.load().values()].sort()).toEqual([1, 2]);
    cores.release(7);
    for (const cpu of held) cores.release(cpu);
    cores.release(held[0]!);
    expect(cores.load()).toEqual(
      new Map([
        [0, 0],
        [1, 0],
      ]),
    );
  });
});
