import type { RunView } from '@skriptoteket/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFakeEventSource } from '../../test/fake-run-io';
import { runView, succeeded } from '../../test/run-fixtures';
import { followRun } from './follow-run';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('followRun', () => {
  it('delivers each run from the stream and closes it at the end', () => {
    const streams = installFakeEventSource();
    const seen: string[] = [];
    followRun('r1', (run) => seen.push(run.status));

    streams[0]!.sendRun(runView({ id: 'r1', status: 'running' }));
    streams[0]!.sendRun(succeeded({ id: 'r1' }));
    streams[0]!.sendRun(runView({ id: 'r1', status: 'running' }));

    expect(seen).toEqual(['running', 'succeeded']);
    expect(streams[0]!.isClosed).toBe(true);
  });

  it('polls when there is no EventSource, retrying a failed read, until the run is over', async () => {
    vi.useFakeTimers();
    const answers: (RunView | Error)[] = [runView({ status: 'running' }), new Error('offline'), succeeded()];
    const get = vi.fn(async () => {
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    });
    const seen: string[] = [];
    followRun('run-1', (run) => seen.push(run.status), { EventSource: undefined, get, pollMs: 1000 });

    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['running']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['running']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['running', 'succeeded']);
    await vi.advanceTimersByTimeAsync(5000);
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('stops the stream and any polling when asked', async () => {
    vi.useFakeTimers();
    const streams = installFakeEventSource();
    const get = vi.fn(async () => runView({ status: 'running' }));
    const stop = followRun('run-1', () => undefined, { get, pollMs: 1000 });

    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(get).toHaveBeenCalledOnce();
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(get).toHaveBeenCalledOnce();
    expect(streams[0]!.isClosed).toBe(true);
  });
});
