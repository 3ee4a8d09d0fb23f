import { describe, expect, it } from 'vitest';
import { ManualClock } from '../shared/ports';
import { CachedCheck, SystemStatusService } from './system-status.service';

function countingCheck(outcomes: Array<Error | null>) {
  let calls = 0;
  const check = async () => {
    const outcome = outcomes[Math.min(calls, outcomes.length - 1)];
    calls++;
    if (outcome) throw outcome;
  };
  return { check, calls: () => calls };
}

/** Checks that settle when the test says so: settle(i, error) ends the i-th one started. */
function deferredChecks() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const check = () =>
    new Promise<void>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  const settle = (index: number, error: Error | null) =>
    error ? pending[index]!.reject(error) : pending[index]!.resolve();
  return { check, settle, started: () => pending.length };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CachedCheck', () => {
  it('reuses a pass for the whole minute, then answers with it while the next check runs', async () => {
    const clock = new ManualClock();
    const probe = countingCheck([null, new Error('bwrap gone')]);
    const cached = new CachedCheck(probe.check, 60_000, clock);

    await cached.run();
    clock.advance(59_999);
    await cached.run();
    expect(probe.calls()).toBe(1);

    clock.advance(1);
    await expect(cached.run()).resolves.toBeUndefined();
    expect(probe.calls()).toBe(2);
    await flush();
    await expect(cached.run()).rejects.toThrow('bwrap gone');
    expect(probe.calls()).toBe(2);
  });

  it('waits for a slow check once the pass it holds is older than the grace, so a hung check shows', async () => {
    const clock = new ManualClock();
    const slow = deferredChecks();
    const cached = new CachedCheck(slow.check, 60_000, clock, 30_000);
    const first = cached.run();
    slow.settle(0, null);
    await first;

    clock.advance(60_000);
    await expect(cached.run()).resolves.toBeUndefined(); // the new check runs; the pass it holds answers
    clock.advance(29_999);
    await expect(cached.run()).resolves.toBeUndefined();
    expect(slow.started()).toBe(2);

    clock.advance(1);
    const waiting = cached.run();
    slow.settle(1, new Error('sandbox host hangs'));
    await expect(waiting).rejects.toThrow('sandbox host hangs');
    expect(slow.started()).toBe(2);
  });

  it('never serves a failure stale: after one, callers wait for the next check', async () => {
    const clock = new ManualClock();
    const slow = deferredChecks();
    const cached = new CachedCheck(slow.check, 60_000, clock);
    const first = cached.run();
    slow.settle(0, new Error('no python'));
    await expect(first).rejects.toThrow('no python');

    clock.advance(60_000);
    const next = cached.run();
    const alongside = cached.run();
    expect(slow.started()).toBe(2);
    slow.settle(1, null);
    await expect(next).resolves.toBeUndefined();
    await expect(alongside).resolves.toBeUndefined();
    await expect(cached.run()).resolves.toBeUndefined();
    expect(slow.started()).toBe(2);
  });

  it('keeps a failure for the minute too, and callers during a check share it', async () => {
    const clock = new ManualClock();
    const probe = countingCheck([new Error('no python'), null]);
    const cached = new CachedCheck(probe.check, 60_000, clock);

    const results = await Promise.allSettled([cached.run(), cached.run(), cached.run()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(probe.calls()).toBe(1);

    clock.advance(60_000);
    await expect(cached.run()).resolves.toBeUndefined();
  });
});

describe('SystemStatusService', () => {
  it('reports the self-check failure with its message', async () => {
    const failing = new CachedCheck(
      () => Promise.reject(new Error('sandbox: bwrap not installed')),
      60_000,
      new ManualClock(),
    );
    expect(await new SystemStatusService({ sandbox: failing }).read()).toEqual({
      sandbox: { ok: false, message: 'sandbox: bwrap not installed' },
    });
  });

  it('has nothing to report in a process that runs no tools', async () => {
    expect(await new SystemStatusService({ sandbox: null }).read()).toEqual({
      sandbox: { ok: true, message: null },
    });
  });
});
