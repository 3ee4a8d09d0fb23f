import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FileStore } from '../runs/runs.ports';

/**
 * Files on a local (or shared network) directory. Keys are relative, '/'-separated paths; anything that
 * could escape the root is refused, whatever a caller passes in.
 */
export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private resolve(key: string): string {
    const parts = key.split('/');
    if (key.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\0'))) {
      throw new Error(`invalid storage key: ${JSON.stringify(key)}`);
    }
    return path.join(this.root, ...parts);
  }

  async putFromPath(key: string, sourcePath: string): Promise<number> {
    const target = this.resolve(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.copyFile(sourcePath, target);
    return (await fsp.stat(target)).size;
  }

  async put(key: string, content: Uint8Array): Promise<void> {
    const target = this.resolve(key);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.writeFile(target, content);
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    await this.putFromPath(toKey, this.resolve(fromKey));
  }

  async copyToPath(key: string, targetPath: string): Promise<void> {
    await fsp.copyFile(this.resolve(key), targetPath);
  }

  async openRead(key: string): Promise<Readable | null> {
    const file = this.resolve(key);
    try {
      const stat = await fsp.lstat(file);
      if (!stat.isFile()) return null;
    } catch {
      return null;
    }
    return fs.createReadStream(file);
  }

  async removePrefix(prefix: string): Promise<void> {
    const trimmed = prefix.replace(/\/+$/, '');
    await fsp.rm(this.resolve(trimmed), { recursive: true, force: true });
  }
}
