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

describe('CachedCheck', () => {
  it('reuses a pass for the whole minute and checks again after it', async () => {
    const clock = new ManualClock();
    const probe = countingCheck([null, new Error('bwrap gone')]);
    const cached = new CachedCheck(probe.check, 60_000, clock);

    await cached.run();
    clock.advance(59_999);
    await cached.run();
    expect(probe.calls()).toBe(1);

    clock.advance(1);
    await expect(cached.run()).rejects.toThrow('bwrap gone');
    expect(probe.calls()).toBe(2);
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
