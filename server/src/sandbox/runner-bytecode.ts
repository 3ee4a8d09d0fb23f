import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Compiles the runner's modules into runner/__pycache__ with the tool runtime, once as the sandbox host starts,
 * so that no sandbox compiles the harness from source (about 5 ms of CPU per sandbox on the development machine).
 * It runs outside the sandbox as the server's user: it compiles the project's own files and runs none of them.
 * Python checks a compiled file against its source's size and mtime, so a stale one is never used. A runner folder
 * the server may not write (a read-only install) is left as it is: each sandbox then compiles what it imports.
 */
export function compileRunner(python: string, runnerDir: string): 'compiled' | 'read-only' {
  try {
    fs.accessSync(runnerDir, fs.constants.W_OK);
  } catch {
    return 'read-only';
  }
  // -l: not the tests' folder; -I -S: nothing from the environment or site-packages; an empty environment.
  const result = spawnSync(python, ['-I', '-S', '-m', 'compileall', '-q', '-l', runnerDir], {
    env: {},
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) {
    const why = result.error?.message ?? `${result.stdout}${result.stderr}`.trim();
    throw new Error(`compiling the runner's modules in ${runnerDir} failed: ${why}`);
  }
  return 'compiled';
}
