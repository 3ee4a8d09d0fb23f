import type pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { RunEventBus } from './run-events';
import { QueueWakeup } from './run-queue';

/** A pool whose every query fails, as while PostgreSQL restarts; `sent` holds each NOTIFY's channel. */
function failingPool(sent: string[]): pg.Pool {
  return {
    query: (_text: string, values: unknown[]) => {
      sent.push(String(values[0]));
      return Promise.reject(new Error('Connection terminated'));
    },
  } as unknown as pg.Pool;
}

const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('NOTIFY to other processes', () => {
  it('wakes this process at once and reports a wake-up NOTIFY that did not go out, without throwing', async () => {
    const sent: string[] = [];
    const failures: unknown[] = [];
    const wakeup = new QueueWakeup(failingPool(sent), log as never, (error) => failures.push(error));
    let woken = 0;
    wakeup.onWake(() => (woken += 1));
    wakeup.signal();
    expect(woken).toBe(1); // before the database has answered
    await vi.waitFor(() => expect(failures).toHaveLength(1));
    expect(sent).toEqual(['skt_runs_queued']);
    expect((failures[0] as Error).message).toBe('Connection terminated');
  });

  it('delivers a run event in this process and reports its NOTIFY that did not go out, with the run', async () => {
    const sent: string[] = [];
    const failures: [unknown, string][] = [];
    const bus = new RunEventBus(failingPool(sent), log as never, (error, runId) =>
      failures.push([error, runId]),
    );
    const heard: string[] = [];
    bus.subscribe('run-1', (event) => heard.push(event.status));
    await bus.publish({ runId: 'run-1', status: 'running' } as never);
    expect(heard).toEqual(['running']);
    expect(sent).toEqual(['skt_run_events']);
    expect(failures.map(([, runId]) => runId)).toEqual(['run-1']);
  });
});
