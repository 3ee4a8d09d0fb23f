import fs from 'node:fs/promises';
import { statSync } from 'node:fs';
import { childrenOf } from './contained-process';
import { outputUsage } from './run-dir';

const DISK_POLL_MS = 200;
const TMPFS_MAGIC = 0x01021994;
const PAGE = 4096;

let hostDevices: Set<number> | undefined;

/** Devices of the host's own / and /tmp: a "sandbox /tmp" on one of these is the host's, seen too early. */
function hostDevicesOnce(): Set<number> {
  hostDevices ??= new Set(['/', '/tmp'].map((dir) => statSync(dir).dev));
  return hostDevices;
}

/**
 * The sandbox's root as the host sees it (`/proc/<init>/root`), once bwrap has set it up; null before. Until
 * bwrap has pivoted into the new root, its child still sees the host's file system, and measuring "its /tmp"
 * would measure the host's. So a root counts only when its /tmp is a tmpfs of exactly the size this run was
 * given, on a device that is not the host's.
 */
export async function sandboxRoot(launcherPid: number, tmpfsBytes: number): Promise<string | null> {
  const expected = Math.ceil(tmpfsBytes / PAGE) * PAGE;
  for (const pid of childrenOf(launcherPid)) {
    const root = `/proc/${pid}/root`;
    try {
      const [stat, volume] = await Promise.all([fs.stat(`${root}/tmp`), fs.statfs(`${root}/tmp`)]);
      const total = volume.blocks * volume.bsize;
      const isOwnTmpfs = volume.type === TMPFS_MAGIC && Math.abs(total - expected) <= PAGE;
      if (isOwnTmpfs && !hostDevicesOnce().has(stat.dev)) return root;
    } catch {
      // gone, or not readable yet: not set up
    }
  }
  return null;
}

/**
 * Polls the run's own storage — output/ in the run dir plus the sandbox's /tmp and /dev/shm — and calls `kill`
 * when together they pass the disk limit. Nothing is measured until the sandbox is set up (see sandboxRoot); the
 * first poll is one interval after the start, so short runs never pay for it; stopping never waits for a poll.
 */
export function watchDisk(
  launcherPid: number,
  runDir: string,
  limits: { diskBytes: number; tmpfsBytes: number },
  kill: () => void,
): () => void {
  let isStopped = false;
  let timer: NodeJS.Timeout;
  let root: string | null = null;
  const schedule = () => {
    if (!isStopped) timer = setTimeout(() => void tick().catch(schedule), DISK_POLL_MS);
  };
  const tick = async () => {
    root ??= await sandboxRoot(launcherPid, limits.tmpfsBytes);
    if (root === null) return schedule();
    const [output, tmp, shm] = await Promise.all([
      outputUsage(runDir),
      tmpfsUsage(`${root}/tmp`),
      tmpfsUsage(`${root}/dev/shm`),
    ]);
    if (isStopped) return;
    if (output + tmp + shm > limits.diskBytes) kill();
    else schedule();
  };
  schedule();
  return () => {
    isStopped = true;
    clearTimeout(timer);
  };
}

async function tmpfsUsage(mountPoint: string): Promise<number> {
  try {
    const stat = await fs.statfs(mountPoint);
    return (stat.blocks - stat.bfree) * stat.bsize;
  } catch {
    return 0;
  }
}
