import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processesInUidRange, sandboxKit } from './sandbox.test-kit';

/**
 * Faults at the worst moment, on the real sandbox: a cancel before bwrap has read its seccomp program (this once
 * took the whole server down through an unhandled pipe error), and a sandbox whose setup is slow (the disk
 * watcher once measured the host's /tmp in that window and killed the run for "disk space").
 */
const UIDS: [number, number] = [306_000, 307_000];
const kit = sandboxKit(UIDS);
const slow = sandboxKit([307_000, 308_000], { testSetupDelayMs: 700 });
const sleeper = 'import time\ndef run_tool(i, o):\n    time.sleep(5)\n';

afterAll(async () => {
  await kit.close();
  await slow.close();
  expect(processesInUidRange([306_000, 308_000])).toEqual([]);
});

describe('sandbox faults', () => {
  it('50 runs cancelled 0–300 ms after their start all end cancelled (or done), nothing left running', async () => {
    const outcomes: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const runs = Array.from({ length: 5 }, async () => {
        const abort = new AbortController();
        setTimeout(() => abort.abort(), Math.random() * 300);
        const { result } = await kit.run(sleeper, { signal: abort.signal });
        return result.outcome;
      });
      outcomes.push(...(await Promise.all(runs)));
    }
    expect(outcomes).toHaveLength(50);
    expect(outcomes.every((outcome) => outcome === 'cancelled')).toBe(true);
    expect(processesInUidRange(UIDS)).toEqual([]);
  }, 120_000);

  it('a sandbox whose setup is slow is not killed for disk use; the disk limit still holds once it runs', async () => {
    // The host's /tmp holds far more than the 1 MiB limit, so measuring it by mistake would kill the run.
    const ballast = path.join(os.tmpdir(), `skt-ballast-${process.pid}`);
    fs.writeFileSync(ballast, Buffer.alloc(4 << 20));
    try {
      const limits = { diskBytes: 1 << 20 };
      const fine = await slow.run('def run_tool(i, o):\n    return "ok"\n', { limits });
      expect(fine.result.outcome).toBe('exited');
      expect(fine.resultDoc?.status).toBe('succeeded');

      const filler = [
        'import os, time',
        'def run_tool(i, o):',
        '    for n in range(4):',
        '        open(os.path.join(o, "part%d" % n), "wb").write(b"x" * (512 << 10))',
        '    time.sleep(5)',
      ].join('\n');
      const killed = await slow.run(filler, { limits: { ...limits, wallMs: 8000 } });
      expect(killed.result).toMatchObject({ outcome: 'killed', killReason: 'disk' });
    } finally {
      fs.rmSync(ballast, { force: true });
    }
  }, 60_000);
});
