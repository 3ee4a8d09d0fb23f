import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from './http-client';

/**
 * Faults against the real embedded server process (PGlite, in-process workers, real sandbox): what a teacher's
 * clicks or a restless machine can do must never take the site down.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const ADMIN = { email: 'admin@faults.example', password: 'ett-långt-lösenord-för-test' };

describe('the embedded server under faults', () => {
  let server: ChildProcess;
  let output = '';
  let client: HttpClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-faults-'));
    const port = 4100 + Math.floor(Math.random() * 800);
    const { DATABASE_URL: _ignored, ...env } = process.env;
    server = spawn(tsx, ['server/src/main.ts'], {
      cwd: root,
      env: {
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        SKRIPTOTEKET_DATA_DIR: dataDir,
        SKRIPTOTEKET_WORKERS: '2',
        SKRIPTOTEKET_POOL_SIZE: '1',
        // One person submits 50 runs at once here: above the default per-user cap of waiting runs.
        SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER: '100',
        SKRIPTOTEKET_LOG_LEVEL: 'warn',
        SKRIPTOTEKET_LOG_FORMAT: 'json',
        SKRIPTOTEKET_ADMIN_EMAIL: ADMIN.email,
        SKRIPTOTEKET_ADMIN_PASSWORD: ADMIN.password,
      },
    });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    client = new HttpClient(`http://127.0.0.1:${port}`);
    await waitForHealth(client.baseUrl, server, () => output);
    await client.signIn(ADMIN.email, ADMIN.password);
  }, 120_000);

  afterAll(async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays up when 50 runs are cancelled 0–300 ms after they were submitted; every run ends cancelled', async () => {
    const slug = await client.publishTool(
      'Sover en stund',
      'import time\ndef run_tool(i, o):\n    time.sleep(3)\n',
    );
    const ids: string[] = [];
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 5 }, async () => {
          const form = new FormData();
          form.set('inputs', '{}');
          const submitted = await client.request('POST', `/tools/${slug}/runs`, form);
          expect(submitted.status).toBe(202);
          const id = String(submitted.json.id);
          ids.push(id);
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
          expect((await client.request('POST', `/runs/${id}/cancel`, {})).status).toBe(200);
        }),
      );
    }
    const statuses = await terminalStatuses(client, ids, 60_000);
    expect(statuses.filter((status) => status !== 'cancelled')).toEqual([]);
    expect(server.exitCode).toBeNull();
    expect((await fetch(`${client.baseUrl}/healthz`)).status).toBe(200);

    const quick = await client.publishTool('Svarar direkt', 'def run_tool(i, o):\n    return "ok"\n');
    const form = new FormData();
    form.set('inputs', '{}');
    const run = await client.request('POST', `/tools/${quick}/runs`, form);
    expect(await terminalStatuses(client, [String(run.json.id)], 30_000)).toEqual(['succeeded']);
    expect(output).not.toMatch(/ECONNRESET|EPIPE|Unhandled/);
  }, 180_000);

  it('loses no run when a burst empties the warm pool or the sandbox host is killed, and leaves no sandbox behind', async () => {
    const slug = await client.publishTool('Räknar', 'def run_tool(i, o):\n    return "<p>klar</p>"\n');
    const submit = async (tool: string) => {
      const form = new FormData();
      form.set('inputs', '{}');
      const submitted = await client.request('POST', `/tools/${tool}/runs`, form);
      expect(submitted.status).toBe(202);
      return String(submitted.json.id);
    };
    // 30 runs at once on a pool of one sandbox per kind: most start cold, none waits for a refill.
    const burst = await Promise.all(Array.from({ length: 30 }, () => submit(slug)));
    expect(await terminalStatuses(client, burst, 120_000)).toEqual(burst.map(() => 'succeeded'));

    // The sandbox host dies in the middle of a run: that run fails as the platform's fault, the next succeeds.
    const sleeper = await client.publishTool(
      'Sover länge',
      'import time\ndef run_tool(i, o):\n    time.sleep(30)\n',
    );
    const handedOver = await handOvers(client.baseUrl);
    const long = await submit(sleeper);
    // The host counts a pool hit or miss as it gives the run its sandbox.
    await until(async () => (await handOvers(client.baseUrl)) > handedOver, 30_000);
    const host = sandboxHostOf(server.pid!);
    expect(host).not.toBeNull();
    process.kill(host!, 'SIGKILL');
    const [lost] = await terminalStatuses(client, [long], 30_000);
    expect(lost).toBe('failed');
    expect((await client.request('GET', `/runs/${long}`)).json.errorCode).toBe('platform_error');
    const after = await submit(slug);
    expect(await terminalStatuses(client, [after], 60_000)).toEqual(['succeeded']);
    expect(server.exitCode).toBeNull();

    // What is left are the waiting sandboxes of the new host: at most one per kind, each its own uid.
    await until(async () => sandboxUidsUnder(server.pid!).size <= 2, 20_000);
    expect(output).not.toMatch(/Unhandled/);
  }, 300_000);
});

/** Runs the server has handed to a sandbox so far (pool hits and misses in /metrics). */
async function handOvers(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  let total = 0;
  for (const match of metrics.matchAll(/^skriptoteket_sandbox_pool_(?:hits|misses)_total (\d+)/gm))
    total += Number(match[1]);
  return total;
}

/** The sandbox host among the server's descendants (its command line names sandbox-host). */
function sandboxHostOf(root: number): number | null {
  return descendants(root).find((pid) => commandOf(pid).includes('sandbox-host')) ?? null;
}

/** The distinct sandbox uids (200000 and up) of processes below `root`. */
function sandboxUidsUnder(root: number): Set<number> {
  const uids = new Set<number>();
  for (const pid of descendants(root)) {
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readProc(pid, 'status'))?.[1]);
    if (uid >= 200_000) uids.add(uid);
  }
  return uids;
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(readProc(Number(entry), 'status'))?.[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function readProc(pid: number, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return ''; // exited meanwhile
  }
}

const commandOf = (pid: number) => readProc(pid, 'cmdline').replaceAll('\0', ' ');

async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    const ok = await fetch(`${baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not start:\n${output()}`);
}

/** Polls until every run has ended; returns their statuses in order. */
export async function terminalStatuses(
  client: HttpClient,
  ids: string[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await Promise.all(
      ids.map(async (id) => String((await client.request('GET', `/runs/${id}`)).json.status)),
    );
    if (statuses.every((status) => !['queued', 'running'].includes(status))) return statuses;
    if (Date.now() > deadline) throw new Error(`runs still unfinished: ${statuses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
