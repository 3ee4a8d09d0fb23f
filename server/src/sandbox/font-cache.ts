import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { scratchWorkDir } from './run-dir';
import { signatureOf } from './runtime-fingerprint';

/** A file every sandbox starts with in its home folder (`/tmp/home/<name>`), as its own writable copy. */
export interface HomeFile {
  name: string;
  data: Buffer;
}

/** What building the cache needs from the sandbox: one contained command over a folder, its exit code back. */
export type BuildInSandbox = (workDir: string, command: string[]) => Promise<number | null>;

const FONT_LIST = /^fontlist-v\d+\.json$/;
const MAX_FONT_LIST_BYTES = 8 * 1024 * 1024;
/** The build's exit code when matplotlib is not installed in the runtime: nothing to cache. */
const NOT_INSTALLED = 3;

/**
 * Runs inside a sandbox with the build folder's output/ writable: matplotlib writes its font list into the
 * config folder it is given, exactly as a tool's first `import matplotlib` would into /tmp/home.
 */
const BUILD_PROGRAM = [
  'import importlib.util, os, sys',
  `if importlib.util.find_spec("matplotlib") is None: sys.exit(${NOT_INSTALLED})`,
  'os.environ["MPLCONFIGDIR"] = "/work/output"',
  'import matplotlib.font_manager',
].join('\n');

/**
 * matplotlib's font list (docs/SANDBOX.md §5): without it every run that imports matplotlib scans every font on
 * the machine first (0.3–1.3 s), because each sandbox's home folder starts empty. It is built once per state of
 * the runtime (interpreter, library folders, fonts, Debian's packages), in a sandbox so that it sees exactly what
 * a tool sees, and kept in a folder only this process can write. Every sandbox starts with a copy at the same
 * name in its home, where matplotlib looks first (a copy, not a read-only bind: should matplotlib find a font gone
 * it rebuilds the list, and must be able to write it). The name carries matplotlib's cache version, so a
 * matplotlib that expects another version never reads it.
 */
export class FontCache {
  private readonly dir: string;

  /** `root`: a folder of this process's own (created 0755, refused if another user could write it). */
  constructor(
    private readonly root: string,
    runtimePaths: string[],
  ) {
    const signature = signatureOf([
      ...runtimePaths,
      '/usr/share/fonts',
      '/usr/local/share/fonts',
      '/etc/fonts',
      '/var/lib/dpkg/status',
    ]);
    const key = crypto.createHash('sha256').update(signature).digest('hex').slice(0, 24);
    this.dir = path.join(root, `matplotlib-${key}`);
  }

  /** The cache built earlier for this runtime, if any and only if this process's user made it (a few system calls). */
  find(): HomeFile | null {
    try {
      const name = fs.readdirSync(this.dir).find((entry) => FONT_LIST.test(entry));
      if (!name) return null;
      const file = path.join(this.dir, name);
      if (![this.root, this.dir, file].every(isOwn) || fs.statSync(file).size > MAX_FONT_LIST_BYTES)
        return null;
      return { name, data: fs.readFileSync(file) };
    } catch {
      return null;
    }
  }

  /** Builds the cache for this runtime; null when matplotlib is not installed. Throws when the build fails. */
  async build(buildInSandbox: BuildInSandbox, python: string): Promise<HomeFile | null> {
    ensureOwnDir(this.root);
    const work = scratchWorkDir(this.root);
    try {
      const code = await buildInSandbox(work, [python, '-c', BUILD_PROGRAM]);
      if (code === NOT_INSTALLED) return null;
      if (code !== 0) throw new Error(`building matplotlib's font cache failed (exit ${code})`);
      const name = fs.readdirSync(path.join(work, 'output')).find((entry) => FONT_LIST.test(entry));
      const built = name && fs.lstatSync(path.join(work, 'output', name));
      if (!name || !built || !built.isFile() || built.size > MAX_FONT_LIST_BYTES)
        throw new Error("building matplotlib's font cache wrote no font list");
      // Copied by this process, so that the file is its own and no sandbox uid can change it later.
      const staged = fs.mkdtempSync(path.join(this.root, 'staged-'));
      fs.copyFileSync(path.join(work, 'output', name), path.join(staged, name));
      fs.chmodSync(path.join(staged, name), 0o644);
      fs.chmodSync(staged, 0o755);
      try {
        fs.renameSync(staged, this.dir);
      } catch {
        fs.rmSync(staged, { recursive: true, force: true }); // another process built it meanwhile
      }
      const found = this.find();
      if (!found) throw new Error(`matplotlib's font cache was built but cannot be used from ${this.dir}`);
      return found;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

/**
 * Creates `dir` (0755) if missing and refuses one that another user owns or could write: a folder under the
 * shared temp folder could have been made beforehand by anyone on the machine.
 */
export function ensureOwnDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (!fs.lstatSync(dir).isDirectory() || !isOwn(dir))
    throw new Error(`${dir} must be a folder of this process's user that no one else can write`);
}

/** Not a link, owned by this process's user, writable by no one else. */
function isOwn(file: string): boolean {
  const stat = fs.lstatSync(file);
  const uid = process.getuid?.();
  return !stat.isSymbolicLink() && (uid === undefined || stat.uid === uid) && (stat.mode & 0o022) === 0;
}
