import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BubblewrapSandbox } from './bubblewrap.sandbox';
import { PooledSandbox } from './sandbox-pool';
import { PYTHON, RUNNER_DIR, testUidRange, valueOfRun } from './sandbox.test-kit';
import { silentLogger } from '../shared/ports';
import type { Sandbox } from './sandbox.ports';

/**
 * The harness without Python's site module: the host asks the interpreter once which folders site adds, then
 * starts the harness with -S and those folders. A tool must not be able to tell, beyond sys.flags.no_site.
 */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-site-test-'));
fs.chmodSync(scratch, 0o711);
const uidRange = testUidRange(216_000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const VIEW_TOOL = `import sys, builtins

def run_tool(input_dir, output_dir):
    import pandas, docx, openpyxl
    try:
        exit(3)
    except SystemExit as stop:
        code = stop.code
    return {"outputs": [{"kind": "json", "value": {
        "path": [p for p in sys.path if p not in ("", "/runner", "/work")],
        "argv": sys.argv,
        "no_site": sys.flags.no_site,
        "builtins": sorted(n for n in ("exit", "quit", "help", "copyright", "credits", "license") if hasattr(builtins, n)),
        "exit_code": code,
    }}]}
`;

interface View {
  path: string[];
  argv: string[];
  no_site: number;
  builtins: string[];
  exit_code: number;
}

const viewFrom = (sandbox: Sandbox, pool?: PooledSandbox) =>
  valueOfRun<View>(sandbox, path.join(scratch, 'runs'), VIEW_TOOL, { pool });

describe('the harness without the site module', () => {
  it('finds the folders site adds, and a tool sees the same sys.path, argv and builtins, cold and pooled', async () => {
    const plain = new BubblewrapSandbox({ python: PYTHON, runnerDir: RUNNER_DIR, uidRange });
    const withSite = await viewFrom(plain);
    expect(withSite.no_site).toBe(0);

    const probed = new BubblewrapSandbox({ python: PYTHON, runnerDir: RUNNER_DIR, uidRange });
    const dirs = await probed.probeSitePath();
    expect(dirs).toContain('/usr/lib/python3/dist-packages');
    expect(probed.harnessCommand(['--pool', 'pandas'])).toEqual([
      PYTHON,
      '-S',
      '/runner/harness.py',
      '--site',
      dirs!.join(':'),
      '--pool',
      'pandas',
    ]);
    const pool = new PooledSandbox(probed, {
      size: 1,
      ttlMs: 600_000,
      preload: ['pandas'],
      slotParent: path.join(scratch, 'pool'),
      log: silentLogger,
      isKeptFull: false,
    });
    try {
      for (const view of [await viewFrom(probed), await viewFrom(pool, pool)]) {
        expect(view.no_site).toBe(1);
        expect({ ...view, no_site: 0 }).toEqual(withSite);
      }
    } finally {
      await pool.close();
    }
    expect(withSite).toMatchObject({
      argv: ['/runner/harness.py'],
      builtins: ['copyright', 'credits', 'exit', 'help', 'license', 'quit'],
      exit_code: 3,
    });
  });
});
