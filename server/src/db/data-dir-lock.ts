import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who holds an embedded data directory: written into the lock file by the holder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the holder took the lock. */
  since: string;
  /** What the holder runs, without option values (they may be passwords). */
  command: string;
  /** Linux: the kernel boot and the process start tick, so a reused pid is not mistaken for the holder. */
  bootId: string | null;
  startTicks: number | null;
}

export interface DataDirLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this process's; safe to call more than once. */
  release(): void;
}

/** The data directory is held by a live process; the message says which and what to do instead. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | null,
  ) {
    super(lockedMessage(dataDir, holder));
    this.name = 'DataDirLockedError';
  }
}

export function lockFileFor(dataDir: string): string {
  return `${path.resolve(dataDir)}.lock`;
}

/**
 * Takes the exclusive lock of an embedded (PGlite) data directory: a file created with O_EXCL next to the
 * directory. PGlite has no locking of its own, and two processes writing one directory lose data silently.
 * A lock left by a dead process on this host (crash, kill -9, reboot) is taken over.
 */
export function acquireDataDirLock(dataDir: string, command = describeCommand()): DataDirLock {
  const file = lockFileFor(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    since: new Date().toISOString(),
    command,
    bootId: readBootId(),
    startTicks: processStartTicks(process.pid),
  };
  const content = `${JSON.stringify(holder)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, content)) return heldLock(file, holder, content);
    const existing = readHolder(file);
    if (existing === undefined) continue; // removed meanwhile: try again
    if (existing === null || isAlive(existing)) throw new DataDirLockedError(dataDir, existing);
    takeOverStale(file, existing);
  }
  throw new DataDirLockedError(dataDir, readHolder(file) ?? null);
}

function tryCreate(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function heldLock(file: string, holder: LockHolder, content: string): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (fs.readFileSync(file, 'utf8') === content) fs.unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return { file, holder, release };
}

/**
 * Moves a dead holder's file aside atomically. If another process took the lock in between, the file moved is
 * theirs: it is linked back (link fails rather than overwrite a newer lock) and the next attempt reports them.
 */
function takeOverStale(file: string, stale: LockHolder): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readHolder(aside);
  if (moved && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third process holds it now; the next attempt reports that one.
    }
  }
  fs.rmSync(aside, { force: true });
}

/** The holder recorded in the file; null when unreadable (another user's), undefined when the file is gone. */
export function readHolder(file: string): LockHolder | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname,
      since: String(parsed.since ?? ''),
      command: String(parsed.command ?? ''),
      bootId: parsed.bootId ?? null,
      startTicks: parsed.startTicks ?? null,
    };
  } catch {
    // Written half (the holder died between create and write): a crashed starter, unless it is still writing.
    const modified = fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    return Date.now() - modified > 10_000 ? crashedStarter() : null;
  }
}

function crashedStarter(): LockHolder {
  return { pid: -1, hostname: os.hostname(), since: '', command: '', bootId: null, startTicks: null };
}

/** Whether the recorded process still runs. A holder on another host is assumed alive: it cannot be checked. */
export function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true;
  if (holder.pid <= 0) return false;
  const bootId = readBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const ticks = processStartTicks(holder.pid);
  return !(holder.startTicks !== null && ticks !== null && ticks !== holder.startTicks);
}

function readBootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function processStartTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** The script and its positional arguments, e.g. `cli.js user:create`; options and their values are left out. */
export function describeCommand(argv: string[] = process.argv): string {
  const words = [argv[1] ? path.basename(argv[1]) : 'node'];
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-')) words.push(arg);
    else if (!arg.includes('=')) i++;
  }
  return words.join(' ');
}

function lockedMessage(dataDir: string, holder: LockHolder | null): string {
  const who = holder
    ? `process ${holder.pid} on ${holder.hostname} (${holder.command || 'unknown command'}), since ${holder.since}`
    : `another process (its lock file ${lockFileFor(dataDir)} cannot be read)`;
  return [
    `The embedded database in ${dataDir} is already open in ${who}.`,
    'Only one process at a time may open it; a second one would lose data. Instead:',
    '  - run operator commands with `npm run cli -- <command>`: beside a running server they go through it;',
    '  - or stop that process first (it releases the database when it exits);',
    '  - or use PostgreSQL (set DATABASE_URL) to run several server and worker processes.',
  ].join('\n');
}
