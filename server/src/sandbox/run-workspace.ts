import fs from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../shared/ports';
import { listOutput, prepareRunDir } from './run-dir';
import type { RunDirSpec, RunWorkspace } from './sandbox.ports';

/**
 * Run directories under `<base>/<pid>.<start time>/`: one folder per process, so several workers on one machine
 * never touch each other's runs, and the folders of a process that is gone (killed mid-run, machine restarted)
 * can be told apart and removed at the next start.
 */
export class LocalRunWorkspace implements RunWorkspace {
  readonly root: string;

  constructor(
    private readonly base: string,
    private readonly log: Logger,
  ) {
    this.root = path.join(base, processTag(process.pid) ?? String(process.pid));
  }

  prepare(spec: RunDirSpec) {
    return prepareRunDir(this.root, spec);
  }

  listOutput(runDir: string) {
    return listOutput(runDir);
  }

  /** Removes the run folders of processes that no longer run; returns how many were removed. */
  async removeAbandoned(): Promise<number> {
    const entries = await fs.readdir(this.base).catch(() => [] as string[]);
    let removed = 0;
    for (const name of entries) {
      const pid = Number(name.split('.')[0]);
      if (!Number.isInteger(pid) || pid <= 0 || processTag(pid) === name) continue;
      try {
        await fs.rm(path.join(this.base, name), { recursive: true, force: true });
        removed += 1;
      } catch (error) {
        this.log.warn(
          { err: error, dir: path.join(this.base, name) },
          'could not remove an abandoned run folder',
        );
      }
    }
    if (removed > 0) this.log.info({ removed, base: this.base }, 'removed run folders of stopped processes');
    return removed;
  }
}

/** `<pid>.<start time in clock ticks>` of a running process (unique even when a pid is reused), or null. */
function processTag(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime), counted after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return `${pid}.${fields[19]}`;
  } catch {
    return null;
  }
}
