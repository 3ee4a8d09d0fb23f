import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileRunner } from './runner-bytecode';
import { PYTHON, RUNNER_DIR } from './sandbox.test-kit';

/**
 * The harness is a module that harness.py imports, compiled once by the sandbox host: no sandbox compiles it from
 * source. Checked with `python3 -v`, which names the file each module's code came from.
 */

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-bytecode-test-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function runnerCopy(name: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  for (const file of fs.readdirSync(RUNNER_DIR).filter((f) => f.endsWith('.py')))
    fs.copyFileSync(path.join(RUNNER_DIR, file), path.join(dir, file));
  return dir;
}

/** One trivial run of the harness in `runner` (outside a sandbox); where each runner module's code came from. */
function codeSources(runner: string): { status: string; sources: string[] } {
  const run = fs.mkdtempSync(path.join(scratch, 'run-'));
  fs.mkdirSync(path.join(run, 'output'));
  fs.writeFileSync(path.join(run, 'script.py'), 'def run_tool(input_dir, output_dir):\n    return "ok"\n');
  const result = spawnSync(PYTHON, ['-v', '-S', path.join(runner, 'harness.py')], {
    env: {
      SKRIPTOTEKET_SCRIPT_PATH: path.join(run, 'script.py'),
      SKRIPTOTEKET_INPUT_DIR: path.join(run, 'input'),
      SKRIPTOTEKET_OUTPUT_DIR: path.join(run, 'output'),
      SKRIPTOTEKET_RESULT_PATH: path.join(run, 'result.json'),
      PYTHONDONTWRITEBYTECODE: '1',
    },
    encoding: 'utf8',
  });
  const { status } = JSON.parse(fs.readFileSync(path.join(run, 'result.json'), 'utf8')) as { status: string };
  const sources = [...result.stderr.matchAll(/^# code object from '?([^'\n]+)'?$/gm)]
    .map((match) => match[1]!)
    .filter((file) => file.startsWith(runner))
    .map((file) => path.relative(runner, file).replace(/\.cpython-\d+/, ''));
  return { status, sources: sources.sort() };
}

describe('compiled runner modules', () => {
  it('are what the harness runs from once compiled; before that, and for a changed source, it compiles', () => {
    const runner = runnerCopy('fresh');
    const before = codeSources(runner);
    expect(before.status).toBe('succeeded');
    expect(before.sources).toEqual(['_harness.py', '_harness_json.py', 'tool_errors.py']);

    expect(compileRunner(PYTHON, runner)).toBe('compiled');
    const after = codeSources(runner);
    expect(after.status).toBe('succeeded');
    expect(after.sources).toEqual([
      '__pycache__/_harness.pyc',
      '__pycache__/_harness_json.pyc',
      '__pycache__/tool_errors.pyc',
    ]);

    // A source changed after compiling (an update of the runner): its stale compiled form is not used.
    const source = path.join(runner, 'tool_errors.py');
    fs.appendFileSync(source, '\n# changed\n');
    expect(codeSources(runner).sources).toContain('tool_errors.py');
  });

  it('fails naming the folder when a module does not compile', () => {
    const runner = runnerCopy('broken');
    fs.writeFileSync(path.join(runner, 'broken.py'), 'def (:\n');
    expect(() => compileRunner(PYTHON, runner)).toThrow(/compiling the runner's modules in .*broken failed/);
  });
});
