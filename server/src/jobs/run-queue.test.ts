import type pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { RunEventBus } from './run-events';
import { QueueWakeup } from './run-queue';

/** A pool that records every query: the statements that change runs notify other processes, nothing else does. */
function recordingPool(queries: string[]): pg.Pool {
  return {
    query: (text: string) => {
      queries.push(text);
      return Promise.resolve({ rows: [] });
    },
  } as unknown as pg.Pool;
}

const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('telling this process', () => {
  it('wakes its workers at once when a run is queued, without a statement of its own', () => {
    const queries: string[] = [];
    const wakeup = new QueueWakeup(recordingPool(queries), 'skriptoteket:a', log as never);
    let woken = 0;
    wakeup.onWake(() => (woken += 1));
    wakeup.signal();
    expect(woken).toBe(1);
    expect(queries).toEqual([]);
  });

  it('delivers a run event to its listeners, without a statement of its own', async () => {
    const queries: string[] = [];
    const bus = new RunEventBus(recordingPool(queries), 'skriptoteket:a', log as never);
    const heard: string[] = [];
    bus.subscribe('run-1', (event) => heard.push(event.status));
    await bus.publish({ runId: 'run-1', status: 'running' });
    expect(heard).toEqual(['running']);
    expect(queries).toEqual([]);
  });
});
