import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BubblewrapSandbox } from './bubblewrap.sandbox';
import { listOutput } from './run-dir';
import { PooledSandbox } from './sandbox-pool';
import { PYTHON, RUNNER_DIR, testUidRange, valueOfRun } from './sandbox.test-kit';
import { silentLogger } from '../shared/ports';
import type { Sandbox } from './sandbox.ports';

/** matplotlib's font list: built once per runtime in a sandbox, and every sandbox starts with a copy of it. */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-font-cache-test-'));
fs.chmodSync(scratch, 0o711);
const cacheDir = path.join(scratch, 'cache');
const uidRange = testUidRange(215_000);
const sandboxWith = (options: { cacheDir?: string }) =>
  new BubblewrapSandbox({ python: PYTHON, runnerDir: RUNNER_DIR, uidRange, ...options });

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * Draws a bar chart with Swedish text into output/, and reports the font lists its home folder held before
 * matplotlib was imported, whether matplotlib rewrote them (it does when it scans the fonts), and a digest.
 */
const CHART_TOOL = `import hashlib, os

def lists():
    home = "/tmp/home"
    return {name: (os.stat(home + "/" + name).st_mtime_ns, hashlib.sha256(open(home + "/" + name, "rb").read()).hexdigest())
            for name in os.listdir(home) if name.startswith("fontlist-")}

def run_tool(input_dir, output_dir):
    before = lists()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager
    fig, ax = plt.subplots()
    ax.bar(["Åsa", "Örjan"], [3, 4])
    ax.set_title("Poäng för åk 9")
    fig.savefig(output_dir + "/diagram.png")
    return {"outputs": [{"kind": "json", "value": {
        "before": before, "after": lists(),
        "font": font_manager.findfont("DejaVu Sans"),
    }}]}
`;

interface ChartRun {
  before: Record<string, [number, string]>;
  after: Record<string, [number, string]>;
  font: string;
}

async function drawChart(sandbox: Sandbox, pool?: PooledSandbox): Promise<ChartRun> {
  return valueOfRun<ChartRun>(sandbox, path.join(scratch, 'runs'), CHART_TOOL, {
    pool,
    inspect: async (runDir) => {
      const listing = await listOutput(runDir);
      expect('files' in listing && listing.files.map((file) => file.relPath)).toEqual(['diagram.png']);
      const png = fs.readFileSync(path.join(runDir, 'output', 'diagram.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    },
  });
}

function builtList(): { name: string; digest: string } {
  const [dir, ...others] = fs.readdirSync(cacheDir);
  expect(others).toEqual([]); // nothing left of the build
  const [name, ...rest] = fs.readdirSync(path.join(cacheDir, dir!));
  expect(rest).toEqual([]);
  const file = path.join(cacheDir, dir!, name!);
  const stat = fs.statSync(file);
  expect(stat.uid).toBe(process.getuid!()); // copied by this process: no sandbox uid can change it
  expect(stat.mode & 0o022).toBe(0);
  return { name: name!, digest: crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

describe("matplotlib's font cache", () => {
  it('is built once per runtime, in a sandbox, with the fonts a tool sees; the next process finds it', async () => {
    expect(await sandboxWith({ cacheDir }).prepareFontCache()).toBe('built');
    const { name } = builtList();
    expect(name).toMatch(/^fontlist-v\d+\.json$/);
    const list = JSON.parse(
      fs.readFileSync(path.join(cacheDir, fs.readdirSync(cacheDir)[0]!, name), 'utf8'),
    ) as {
      ttflist: { fname: string }[];
    };
    expect(list.ttflist.some((font) => font.fname.startsWith('/usr/share/fonts/'))).toBe(true);
    expect(await sandboxWith({ cacheDir }).prepareFontCache()).toBe('found');
  });

  it('every sandbox, cold or pooled, starts with a copy: matplotlib draws without scanning the fonts', async () => {
    const { name, digest } = builtList();
    const cold = sandboxWith({ cacheDir });
    const pool = new PooledSandbox(cold, {
      size: 1,
      ttlMs: 600_000,
      preload: [],
      slotParent: path.join(scratch, 'pool'),
      log: silentLogger,
      isKeptFull: false,
    });
    try {
      for (const run of [await drawChart(cold), await drawChart(pool, pool)]) {
        expect(Object.keys(run.before)).toEqual([name]);
        expect(run.before[name]![1]).toBe(digest);
        expect(run.after).toEqual(run.before); // read, not rebuilt
        expect(run.font).toMatch(/\/DejaVuSans\.ttf$/);
      }
    } finally {
      await pool.close();
    }
  });

  it('without it, each run scans the fonts and writes its own list', async () => {
    const run = await drawChart(sandboxWith({}));
    expect(run.before).toEqual({});
    expect(Object.keys(run.after)).toEqual([builtList().name]);
  });

  it('a cache folder that another user could write is refused', async () => {
    const shared = path.join(scratch, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o777);
    await expect(sandboxWith({ cacheDir: shared }).prepareFontCache()).rejects.toThrow(
      /no one else can write/,
    );
  });
});
