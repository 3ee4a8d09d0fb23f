import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import type { OutputFile, OutputListing, PreparedRunDir, RunDirSpec } from './sandbox.ports';

/**
 * One run's directory (TOOL-CONTRACT.md §1), mounted at /work in the sandbox:
 * script.py, memory.json, input/<name>, output/ and an empty result.json for the harness to fill.
 * Everything is world-readable so that the sandbox uid can read it; the sandbox makes output/ and result.json
 * its own before the run. A run directory is used for one run only.
 */

/** More entries than this in output/ is treated as abuse (disk watcher and listing alike). */
export const MAX_OUTPUT_ENTRIES = 10_000;

/** Parents found to be this process's own (checked once per process). */
const verifiedParents = new Set<string>();

/**
 * Creates the run directory under `parent` (created 0711 if missing: the sandbox uid must be able to traverse
 * every directory on the way, but not list them).
 */
export async function prepareRunDir(parent: string, spec: RunDirSpec): Promise<PreparedRunDir> {
  const names = new Set<string>();
  for (const { name } of spec.files) {
    if (!isBareName(name) || names.has(name))
      throw new Error(`invalid or duplicate input file name: ${name}`);
    names.add(name);
  }
  // The folder's skeleton is a dozen tiny file-system calls: made synchronously (microseconds each) rather than as
  // a dozen round trips through the file system's threads, each of which waits its turn on a busy event loop.
  const created = fsSync.mkdirSync(parent, { recursive: true });
  if (created !== undefined) {
    // Not through mkdir's mode, which the umask narrows.
    for (let dir = path.resolve(parent); dir.startsWith(created); dir = path.dirname(dir))
      fsSync.chmodSync(dir, 0o711);
  } else if (!verifiedParents.has(parent)) {
    // A parent under the shared temp folder could have been made beforehand by another user, to read runs.
    const stat = fsSync.lstatSync(parent);
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0)
      throw new Error(`${parent} must be a folder of this process's user that no one else can write`);
    verifiedParents.add(parent);
  }
  const runDir = fsSync.mkdtempSync(path.join(parent, 'run-'));
  const cleanup = () => removeTree(runDir);
  try {
    const inputDir = path.join(runDir, 'input');
    const outputDir = path.join(runDir, 'output');
    fsSync.mkdirSync(inputDir);
    fsSync.mkdirSync(outputDir);
    const written: [string, string][] = [
      [path.join(runDir, 'script.py'), spec.sourceCode],
      [path.join(runDir, 'memory.json'), stringifyJsonExact(spec.memory ?? { settings: {} })],
      [path.join(runDir, 'result.json'), ''],
    ];
    for (const [file, data] of written) fsSync.writeFileSync(file, data, { flag: 'wx' });
    const inputs = spec.files.map((file) => ({ ...file, target: path.join(inputDir, file.name) }));
    // Uploads are copied file to file, never read into memory (they may be tens of megabytes each).
    for (const file of inputs) {
      if ('data' in file) await fs.writeFile(file.target, file.data, { flag: 'wx' });
      else await file.copyTo(file.target);
    }
    // Explicit modes: a restrictive umask must not hide the run from the sandbox uid.
    for (const dir of [runDir, inputDir, outputDir]) fsSync.chmodSync(dir, 0o755);
    for (const file of [...written.map(([name]) => name), ...inputs.map((f) => f.target)])
      fsSync.chmodSync(file, 0o644);
    return { runDir, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * An empty folder laid out like a run's (output/ and result.json, for the sandbox uid to own) under `parent`, for
 * a trusted command run in a sandbox like a run's (building a cache, probing the interpreter).
 */
export function scratchWorkDir(parent: string): string {
  const dir = fsSync.mkdtempSync(path.join(parent, 'work-'));
  fsSync.mkdirSync(path.join(dir, 'output'));
  fsSync.writeFileSync(path.join(dir, 'result.json'), '');
  for (const folder of [dir, path.join(dir, 'output')]) fsSync.chmodSync(folder, 0o755);
  return dir;
}

function isBareName(name: string): boolean {
  return (
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    !name.includes('/') &&
    !name.includes('\0') &&
    Buffer.byteLength(name) <= 255
  );
}

async function removeTree(dir: string): Promise<void> {
  try {
    await fs.rm(dir, { recursive: true, force: true });
  } catch {
    // Not root: the tool may have left directories without write permission. Open them up and retry.
    await makeOwnerWritable(dir);
    await fs.rm(dir, { recursive: true, force: true });
  }
}

async function makeOwnerWritable(dir: string): Promise<void> {
  await fs.chmod(dir, 0o700).catch(() => {});
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await makeOwnerWritable(path.join(dir, entry.name));
}

/**
 * Re-lists output/ after the run, trusting nothing the tool claimed: regular files only, recursively, sorted
 * by path. A symlink, a hard link (nlink > 1), a FIFO, socket or device, a name that is not UTF-8, or more
 * than MAX_OUTPUT_ENTRIES entries is a violation (contract §2). Links are never followed.
 */
export async function listOutput(runDir: string): Promise<OutputListing> {
  const root = path.join(runDir, 'output');
  const found: OutputFile[] = [];
  const pending: string[] = [''];
  let entries = 0;
  const rootStat = await fs.lstat(root).catch(() => null);
  if (!rootStat?.isDirectory()) return { violation: 'output/ is not a directory' };
  while (pending.length > 0) {
    const rel = pending.pop()!;
    const raws = await fs.readdir(path.join(root, rel), { encoding: 'buffer' }).catch(() => null);
    if (raws === null) return { violation: `output/${rel} cannot be listed` };
    for (const raw of raws) {
      const name = decodeName(raw);
      if (name === null) return { violation: `output/${rel}: a file name is not valid UTF-8` };
      const relPath = rel === '' ? name : `${rel}/${name}`;
      if (++entries > MAX_OUTPUT_ENTRIES) return { violation: `more than ${MAX_OUTPUT_ENTRIES} entries` };
      const absPath = path.join(root, relPath);
      const stat = await fs.lstat(absPath);
      if (stat.isDirectory()) pending.push(relPath);
      else if (!stat.isFile()) return { violation: `output/${relPath} is not a regular file` };
      else if (stat.nlink > 1) return { violation: `output/${relPath} is a hard link` };
      else found.push({ relPath, bytes: stat.size, absPath });
    }
  }
  found.sort((a, b) => Buffer.compare(Buffer.from(a.relPath), Buffer.from(b.relPath)));
  return { files: found };
}

function decodeName(raw: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return null;
  }
}

/**
 * Bytes the tool has put into output/ so far (for the disk watcher while the tool still runs, so entries may
 * vanish under us). Infinity past MAX_OUTPUT_ENTRIES entries.
 */
export async function outputUsage(runDir: string): Promise<number> {
  const pending = [path.join(runDir, 'output')];
  let bytes = 0;
  let entries = 0;
  while (pending.length > 0) {
    const dir = pending.pop()!;
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    entries += names.length;
    if (entries > MAX_OUTPUT_ENTRIES) return Infinity;
    for (const name of names) {
      const stat = await fs.lstat(path.join(dir, name)).catch(() => null);
      if (stat?.isDirectory()) pending.push(path.join(dir, name));
      else if (stat) bytes += Math.max(stat.size, stat.blocks * 512);
    }
  }
  return bytes;
}
