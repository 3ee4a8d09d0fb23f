import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The server package root, found from this file whether it runs from src/ (tests, tsx) or dist/ (bundle). */
export function serverRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && readName(manifest) === '@skriptoteket/server') {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot locate the server package root');
    dir = parent;
  }
}

export function migrationsFolder(): string {
  return path.join(serverRoot(), 'src', 'db', 'migrations');
}

function readName(manifest: string): unknown {
  const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: unknown };
  return parsed.name;
}
