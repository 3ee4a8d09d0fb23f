import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The in-sandbox Python harness and helper modules (runner/) have their own unittest suite, run with Debian's
 * interpreter (the tool runtime). Each Python test is reported here as one test, so failures show by name.
 */
const runnerDir = path.resolve(import.meta.dirname, '..', '..', '..', 'runner');
const python = process.env.SKRIPTOTEKET_PYTHON ?? '/usr/bin/python3';
const run = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], {
  cwd: runnerDir,
  encoding: 'utf8',
  env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
  timeout: 120_000,
});
const lines = `${run.stdout}\n${run.stderr}`.split('\n');
const results = lines
  .map((line) =>
    /^(test\w*) \(([\w.]+)\)(?:\n.*)? \.\.\. (ok|FAIL|ERROR|skipped.*|expected failure)$/.exec(line),
  )
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ name: `${m[2]}`, outcome: m[3]! }));

describe('runner/ Python harness (unittest)', () => {
  it('runs the whole suite with a zero exit code', () => {
    expect(run.error).toBeUndefined();
    const ran = Number(/^Ran (\d+) tests? in/m.exec(run.stderr)?.[1]);
    expect(ran).toBeGreaterThan(50);
    expect(results.length, 'every Python test is listed by name (no docstrings on tests)').toBe(ran);
    expect(run.status, run.stderr.slice(-3000)).toBe(0);
  });

  it.each(results)('$name', ({ outcome }) => {
    expect(outcome, lines.join('\n').slice(-3000)).toBe('ok');
  });
});
