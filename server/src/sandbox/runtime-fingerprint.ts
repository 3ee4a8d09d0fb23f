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
  private current: string;
  private timer: NodeJS.Timeout | undefined;
  private isChecking = false;

  constructor(
    runtimePaths: string[],
    private readonly onChange: () => void,
  ) {
    const expanded = new Set<string>(['/var/lib/dpkg/status']);
    for (const entry of runtimePaths) {
      expanded.add(entry);
      const real = safeRealpath(entry);
      if (real) expanded.add(real);
      if (isDirectory(entry)) for (const name of safeList(entry)) expanded.add(path.join(entry, name));
    }
    this.paths = [...expanded].sort();
    this.current = this.read();
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

  check(): void {
    if (this.isChecking) return;
    this.isChecking = true;
    try {
      const next = this.read();
      if (next !== this.current) {
        this.current = next;
        this.onChange();
      }
    } finally {
      this.isChecking = false;
    }
  }

  private read(): string {
    return this.paths
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
