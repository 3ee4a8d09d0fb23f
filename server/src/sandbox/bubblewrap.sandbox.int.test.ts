import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BubblewrapSandbox } from './bubblewrap.sandbox';
import { prepareRunDir } from './run-dir';
import {
  attackTool,
  CONTRACT_ENV,
  processesInUidRange,
  PYTHON,
  RUNNER_DIR,
  sandboxKit,
  TEST_LIMITS,
} from './sandbox.test-kit';

/** The sandbox as the run worker sees it: the contract's layout, results, limits and failure modes. */
const UIDS: [number, number] = [303_000, 304_000];
const kit = sandboxKit(UIDS);
const isRoot = process.getuid?.() === 0;

afterAll(async () => {
  await kit.close();
  expect(processesInUidRange(UIDS)).toEqual([]);
});

describe('BubblewrapSandbox', () => {
  it('runs a tool through the harness: example 1', async () => {
    const { result, resultDoc } = await kit.run('def run_tool(i, o):\n    return f"{i}|{o}"\n');
    expect(result).toMatchObject({ outcome: 'exited', killReason: null, exitCode: 0, exitSignal: null });
    expect(result).toMatchObject({
      stdout: '',
      stderr: '',
      isStdoutTruncated: false,
      isStderrTruncated: false,
    });
    expect(resultDoc).toMatchObject({
      status: 'succeeded',
      outputs: [{ kind: 'html_sandboxed', html: '/work/input|/work/output' }],
    });
  });

  it('gives the tool its inputs, memory, helpers, a writable home and one CPU', async () => {
    const manifest = { files: [{ name: 'b.csv', path: '/work/input/b.csv', bytes: 3 }] };
    const { obs } = await kit.run(
      attackTool(`
import skriptoteket_toolkit as kit
obs["inputs"] = attempt(kit.read_inputs)
obs["files"] = attempt(kit.list_input_files)
obs["csv"] = attempt(lambda: open("/work/input/b.csv").read())
obs["settings"] = attempt(kit.read_settings)
obs["path0"] = attempt(lambda: sys.path[0])
obs["cwd"] = attempt(os.getcwd)
obs["home"] = attempt(lambda: [os.path.isdir(os.environ["HOME"]), os.path.isdir(os.environ["XDG_CACHE_HOME"])])
obs["cpus"] = attempt(lambda: len(os.sched_getaffinity(0)))`),
      {
        files: [{ name: 'b.csv', data: Buffer.from('a,b') }],
        env: { SKRIPTOTEKET_INPUTS: '{"title":"Å"}', SKRIPTOTEKET_INPUT_MANIFEST: JSON.stringify(manifest) },
      },
    );
    expect(obs.inputs).toEqual({ ok: true, value: { title: 'Å' } });
    expect(obs.files).toEqual({ ok: true, value: manifest.files });
    expect(obs.csv).toEqual({ ok: true, value: 'a,b' });
    expect(obs.settings).toEqual({ ok: true, value: {} });
    expect(obs.path0).toEqual({ ok: true, value: '/runner' });
    expect(obs.cwd).toEqual({ ok: true, value: '/work' });
    expect(obs.home).toEqual({ ok: true, value: [true, true] });
    expect(obs.cpus).toEqual({ ok: true, value: 1 });
  });

  it('captures stdout and stderr', async () => {
    const { result } = await kit.run(
      'import sys\ndef run_tool(i, o):\n    print("hej från verktyget")\n    sys.stderr.write("fel\\n")\n    return ""\n',
    );
    expect(result).toMatchObject({ stdout: 'hej från verktyget\n', stderr: 'fel\n' });
  });

  it('hands output files back owned by the run, sorted, and keeps them when the tool fails (examples 7, 8)', async () => {
    const { listing, resultDoc, runDir } = await kit.run(
      `import os
def run_tool(i, o):
    os.makedirs(o + "/a")
    os.makedirs(o + "/a-b")
    open(o + "/b.txt", "w").write("bb")
    open(o + "/a/c.txt", "w").write("c")
    open(o + "/a-b/x.txt", "w").write("xxx")
    raise ValueError("secret")
`,
      { isKept: true },
    );
    expect(resultDoc).toMatchObject({
      status: 'failed',
      error_summary: 'Tool execution failed (ValueError).',
    });
    expect(listing).toEqual({
      files: [
        { relPath: 'a-b/x.txt', bytes: 3, absPath: path.join(runDir, 'output', 'a-b', 'x.txt') },
        { relPath: 'a/c.txt', bytes: 1, absPath: path.join(runDir, 'output', 'a', 'c.txt') },
        { relPath: 'b.txt', bytes: 2, absPath: path.join(runDir, 'output', 'b.txt') },
      ],
    });
    if (isRoot) {
      const owner = fs.statSync(path.join(runDir, 'output', 'b.txt')).uid;
      expect(owner).toBeGreaterThanOrEqual(UIDS[0]);
      expect(owner).toBeLessThan(UIDS[1]);
    }
  });

  it('gives concurrent runs different uids and spreads them over the cores', async () => {
    const tool = attackTool(`
obs["uid"] = {"ok": True, "value": os.getuid()}
obs["cpu"] = {"ok": True, "value": sorted(os.sched_getaffinity(0))}
time.sleep(0.3)`);
    const runs = await Promise.all([kit.run(tool), kit.run(tool), kit.run(tool)]);
    const uids = new Set(runs.map((run) => run.obs.uid!.value));
    expect(uids.size).toBe(isRoot ? 3 : 1);
    const cpus = new Set(runs.map((run) => JSON.stringify(run.obs.cpu!.value)));
    expect(cpus.size).toBe(Math.min(3, os.availableParallelism()));
  });

  it("has the runtime's libraries and programs: pandas, WeasyPrint via pdf_helper, pandoc", async () => {
    const { obs, listing } = await kit.run(
      attackTool(`
import pandas
from pdf_helper import save_as_pdf
obs["pandas"] = attempt(lambda: int(pandas.DataFrame({"a": [1, 2]})["a"].sum()))
obs["pdf"] = attempt(lambda: save_as_pdf("<h1>Hej ✓ Ü</h1>", output_dir, "rapport.pdf"))
obs["pandoc"] = attempt(lambda: subprocess.run(["pandoc", "-f", "markdown", "-t", "html"], input=b"# Hej", capture_output=True).stdout.decode())`),
      { limits: { memoryBytes: 1 << 30, wallMs: 30_000, cpuSeconds: 30 } },
    );
    expect(obs.pandas).toEqual({ ok: true, value: 3 });
    expect(obs.pdf).toEqual({ ok: true, value: '/work/output/rapport.pdf' });
    expect(obs.pandoc).toEqual({ ok: true, value: '<h1 id="hej">Hej</h1>\n' });
    expect('files' in listing && listing.files[0]).toMatchObject({ relPath: 'rapport.pdf' });
  });

  it('binds extra library dirs (pythonPath) read-only and puts them on PYTHONPATH', async () => {
    const lib = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-lib-'));
    fs.chmodSync(lib, 0o755);
    fs.writeFileSync(path.join(lib, 'extra_mod.py'), 'VALUE = 42\n');
    const sandbox = new BubblewrapSandbox({
      python: PYTHON,
      pythonPath: [lib],
      runnerDir: RUNNER_DIR,
      uidRange: UIDS,
    });
    const staged = await prepareRunDir(kit.parent, {
      sourceCode: attackTool(`
import extra_mod
obs["value"] = attempt(lambda: extra_mod.VALUE)
obs["write"] = attempt(lambda: open("${lib}/x", "w"))`),
      memory: {},
      files: [],
    });
    try {
      const result = await sandbox.run({ runDir: staged.runDir, env: CONTRACT_ENV, limits: TEST_LIMITS });
      const obs = JSON.parse(result.resultJson!).outputs[0].value;
      expect(obs.value).toEqual({ ok: true, value: 42 });
      expect(obs.write).toMatchObject({ ok: false });
    } finally {
      await staged.cleanup();
      fs.rmSync(lib, { recursive: true });
    }
  });

  it('reports a death by signal, and no result.json when the harness never wrote one', async () => {
    const crash = await kit.run('import ctypes\ndef run_tool(i, o):\n    ctypes.string_at(0)\n');
    expect(crash.result).toMatchObject({ outcome: 'killed', killReason: 'signal', exitSignal: 'SIGSEGV' });
    expect(crash.result.resultJson).toBeNull();
    const quit = await kit.run('import os\ndef run_tool(i, o):\n    os._exit(0)\n');
    expect(quit.result).toMatchObject({ outcome: 'exited', exitCode: 0, resultJson: null });
  });

  it('does not read a result.json over 16 MiB', async () => {
    const { result } = await kit.run('def run_tool(i, o):\n    return "x" * (17 << 20)\n');
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0, resultJson: null });
  });

  it('refuses a run dir whose result.json is not a regular file', async () => {
    const staged = await prepareRunDir(kit.parent, { sourceCode: '', memory: {}, files: [] });
    fs.rmSync(path.join(staged.runDir, 'result.json'));
    fs.symlinkSync('/etc/passwd', path.join(staged.runDir, 'result.json'));
    try {
      await expect(
        kit.sandbox.run({ runDir: staged.runDir, env: CONTRACT_ENV, limits: TEST_LIMITS }),
      ).rejects.toThrow(/not a prepared run dir/);
      expect(fs.statSync('/etc/passwd').uid).toBe(0);
    } finally {
      await staged.cleanup();
    }
  });

  it('accepts only contract variables, and does not start when already cancelled', async () => {
    const staged = await prepareRunDir(kit.parent, { sourceCode: '', memory: {}, files: [] });
    try {
      const job = { runDir: staged.runDir, limits: TEST_LIMITS };
      await expect(kit.sandbox.run({ ...job, env: { PATH: '/' } })).rejects.toThrow(
        /not a contract variable: PATH/,
      );
      const abort = new AbortController();
      abort.abort();
      const result = await kit.sandbox.run({ ...job, env: CONTRACT_ENV, signal: abort.signal });
      expect(result).toMatchObject({ outcome: 'cancelled', durationMs: 0, resultJson: null });
    } finally {
      await staged.cleanup();
    }
  });

  it('passes its self-check, and names what is missing when it fails', async () => {
    await expect(kit.sandbox.selfCheck()).resolves.toBeUndefined();
    const noPython = new BubblewrapSandbox({ python: '/nonexistent/python3', runnerDir: RUNNER_DIR });
    await expect(noPython.selfCheck()).rejects.toThrow(/tool runtime \/nonexistent\/python3 is missing/);
    const noRunner = new BubblewrapSandbox({ python: PYTHON, runnerDir: '/nonexistent/runner' });
    await expect(noRunner.selfCheck()).rejects.toThrow(
      /runner harness \/nonexistent\/runner\/harness.py is missing/,
    );
  });
});
