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
});

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
