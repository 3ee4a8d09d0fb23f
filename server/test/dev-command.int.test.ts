import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { embeddedEnv, killAll, start, type Started } from './processes';

/**
 * `npm run dev` as the README documents it: the API (tsx watch) and Vite's dev server, which serves the app from
 * source and passes /api and /healthz to the API. PORT moves the API and Vite's proxy with it; Vite takes the next
 * free port when 5173 is busy and prints the one it took.
 */
const START_MS = 180_000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-dev-'));
let started: Started | null = null;
afterEach(() => {
  // dev.mjs puts the API and Vite in process groups of their own: after a failure, end every descendant too.
  const pids = started?.child.pid ? descendantsOf(started.child.pid) : [];
  killAll();
  for (const pid of pids) signal(pid);
  started = null;
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Every process below `root`, read from /proc. */
function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('npm run dev', () => {
  it(
    'serves the app from source and proxies the API to the server it started',
    async () => {
      const port = await freePort();
      const env = embeddedEnv({ SKRIPTOTEKET_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) });
      const dev = (started = start('npm', ['run', 'dev'], env));
      const [, apiUrl] = await dev.waitFor(/is running at (http:\/\/\S+)/, START_MS);
      expect(apiUrl).toBe(`http://127.0.0.1:${port}`);
      const [, webUrl] = await dev.waitFor(/Local:\s+(http:\/\/\S+?)\/?\s/, START_MS);

      const page = await fetch(webUrl!);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<script type="module" src="/@vite/client"'); // Vite's, with hot reload
      expect(html).toContain('<script type="module" src="/src/main.ts"');
      const entry = await fetch(new URL('/src/main.ts', webUrl));
      expect(entry.status).toBe(200);
      expect(entry.headers.get('content-type')).toMatch(/javascript/);

      // Through Vite's proxy to the API: the same answers as from the API itself.
      const health = await fetch(new URL('/healthz', webUrl));
      expect(health.status).toBe(200);
      const csrf = await fetch(new URL('/api/v1/auth/csrf', webUrl));
      expect(csrf.status).toBe(200);
      expect(await csrf.json()).toEqual({ csrfToken: expect.any(String) });

      // Stopped (as by a process manager; Ctrl-C sends SIGINT to all of them anyway), nothing keeps a port.
      expect(await dev.stop('SIGTERM')).not.toBeUndefined();
      for (const url of [webUrl!, apiUrl!]) await expect(fetch(url)).rejects.toThrow();
    },
    START_MS * 2,
  );
});
