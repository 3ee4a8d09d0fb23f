import fsSync from 'node:fs';
import path from 'node:path';
import type { SandboxJob } from './sandbox.ports';

/**
 * How a run reaches a waiting pooled sandbox and comes back (docs/SANDBOX.md, "Warm sandboxes"): its files are
 * renamed into the sandbox's holder dir and back, and its budgets and environment are written on stdin.
 */

/**
 * What a waiting harness reads on stdin (_harness.py, _wait_for_run): the CPU seconds, the memory bytes, the core
 * the run gets, then NAME=value for each of the run's variables, separated by NUL bytes (which no variable can
 * hold).
 */
export function handOverMessage(job: Pick<SandboxJob, 'env' | 'limits'>, cpu: number): Buffer {
  const variables = Object.entries(job.env).map(([name, value]) => `${name}=${value}`);
  if (variables.some((variable) => variable.includes('\0')))
    throw new Error('a run variable holds a NUL byte');
  const fields = [job.limits.cpuSeconds, job.limits.memoryBytes, cpu, ...variables];
  return Buffer.from(fields.join('\0'), 'utf8');
}

/** What a run's dir hands to the holder dir (output/ and result.json are bound there since the sandbox started). */
export const HANDED_OVER = ['script.py', 'memory.json', 'input'];

export function moveBack(holderDir: string, runDir: string, names: string[]): void {
  for (const name of names) {
    // What stands in the way is the run dir's own empty placeholder (output/, result.json), or nothing.
    fsSync.rmSync(path.join(runDir, name), { recursive: true, force: true });
    fsSync.renameSync(path.join(holderDir, name), path.join(runDir, name));
  }
}
