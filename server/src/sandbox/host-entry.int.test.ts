import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { hostEntry } from './host-entry';

const serverDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

/** A server checkout of its own (its sources linked), so that this test never touches the bundle others run. */
const made: string[] = [];
function checkout(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-host-entry-'));
  made.push(root);
  const dir = path.join(root, 'server');
  fs.mkdirSync(dir);
  fs.copyFileSync(path.join(serverDir, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(serverDir, 'src'), path.join(dir, 'src'));
  return dir;
}

describe("the sandbox host's entry", () => {
  afterEach(() => {
    for (const root of made.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it('from source: the bundle that ships, built once into dist/dev-host, and again when it is gone', () => {
    const dir = checkout();
    const fromSource = pathToFileURL(path.join(dir, 'src/sandbox/sandbox-host.ts')).href;
    const first = hostEntry(fromSource);
    expect(path.dirname(first.file)).toBe(path.join(dir, 'dist/dev-host'));
    expect(path.basename(first.file)).toMatch(/^sandbox-host-[0-9a-f]{16}\.js$/);
    expect(first.execArgv).not.toContain('tsx');
    // A plain node loads it (no TypeScript loader): it waits for its parent's IPC channel, so without one it ends.
    execFileSync(process.execPath, ['--check', first.file]);
    expect(fs.readFileSync(first.file, 'utf8')).toMatch(/^\/\/ .*src\/sandbox\/sandbox-host\.process\.ts$/m);
    expect(hostEntry(fromSource)).toBe(first);
    const stale = path.join(path.dirname(first.file), 'sandbox-host-0000000000000000.js');
    fs.writeFileSync(stale, '');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    fs.utimesSync(stale, twoDaysAgo, twoDaysAgo);
    fs.rmSync(first.file);
    const again = hostEntry(fromSource);
    expect(again.file).toBe(first.file);
    expect(fs.existsSync(again.file)).toBe(true);
    expect(fs.existsSync(stale)).toBe(false);
  });

  it('built: the bundle next to the server', () => {
    const built = pathToFileURL('/srv/skriptoteket/server/dist/main.js').href;
    expect(hostEntry(built)).toEqual({ file: '/srv/skriptoteket/server/dist/sandbox-host.js', execArgv: [] });
  });
});
