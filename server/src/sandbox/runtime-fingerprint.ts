import fs from 'node:fs';
import path from 'node:path';

/**
 * What the tool runtime is made of on the host, as a cheap signature (inode, size and mtime of each path):
 * the interpreter, the library dirs, the runner's files, and dpkg's status file, which changes with every Debian
 * package install or upgrade (a new pandas under /usr/lib/python3/dist-packages changes nothing else reliably).
 * A waiting sandbox started under another signature has stale imports and must not get a run.
 */
export class RuntimeFingerprint {
  private readonly paths: string[];
  /** The paths given (and dpkg's status), without the entries of directories: cheap enough for every run. */
  private readonly roots: string[];
  private current: string;
  private currentRoots: string;
  private timer: NodeJS.Timeout | undefined;
  private isChecking = false;

  constructor(
    runtimePaths: string[],
    private readonly onChange: () => void,
  ) {
    const roots = new Set<string>(['/var/lib/dpkg/status']);
    for (const entry of runtimePaths) {
      roots.add(entry);
      const real = safeRealpath(entry);
      if (real) roots.add(real);
    }
    const expanded = new Set(roots);
    for (const entry of runtimePaths)
      if (isDirectory(entry)) for (const name of safeList(entry)) expanded.add(path.join(entry, name));
    this.roots = [...roots].sort();
    this.paths = [...expanded].sort();
    this.current = read(this.paths);
    this.currentRoots = read(this.roots);
  }

  get signature(): string {
    return this.current;
  }

  /** Re-reads the signature every `intervalMs`; calls onChange (once per change) when it moved. */
  watch(intervalMs: number): void {
    this.timer = setInterval(() => this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Every path, including each entry of the library directories (hundreds of stat calls: the timer's check). */
  check(): void {
    if (this.isChecking) return;
    this.isChecking = true;
    try {
      const next = read(this.paths);
      this.currentRoots = read(this.roots);
      if (next !== this.current) {
        this.current = next;
        this.onChange();
      }
    } finally {
      this.isChecking = false;
    }
  }

  /**
   * Before each hand-over: the interpreter, the directories themselves (an entry added, removed or renamed in one
   * changes its mtime) and dpkg's status (any Debian install or upgrade); a change there runs the whole check.
   */
  quickCheck(): void {
    if (read(this.roots) !== this.currentRoots) this.check();
  }
}

/** Inode, size and modification time of each path (or that it is missing), as one string. */
export function signatureOf(paths: string[]): string {
  return read(paths);
}

function read(paths: string[]): string {
  return paths
    .map((file) => {
      try {
        const stat = fs.statSync(file);
        return `${file}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      } catch {
        return `${file}:-`;
      }
    })
    .join('|');
}

function safeRealpath(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
