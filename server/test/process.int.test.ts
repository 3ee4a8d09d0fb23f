import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-proc-'));
// These tests start the real process on its embedded database, whatever DATABASE_URL says.
const { DATABASE_URL: _ignored, ...baseEnv } = process.env;
const env = { ...baseEnv, SKRIPTOTEKET_DATA_DIR: dataDir, SKRIPTOTEKET_LOG_LEVEL: 'warn', HOST: '127.0.0.1' };

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function startServer(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(tsx, ['server/src/main.ts'], { cwd: root, env: { ...env, PORT: String(port) } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (output.includes('is running at')) return { child, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

async function login(port: number, email: string, password: string): Promise<number> {
  const base = `http://127.0.0.1:${port}/api/v1`;
  const csrf = await fetch(`${base}/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function cli(...args: string[]) {
  return spawnSync(tsx, ['server/src/cli/cli.ts', ...args], { cwd: root, env, encoding: 'utf8' });
}

describe('the server process', () => {
  it('prints the first admin login once, shuts down cleanly on SIGTERM and keeps its data across restarts', async () => {
    const port = 3900 + Math.floor(Math.random() * 90);
    const first = await startServer(port);
    const match = /E-post:\s+(\S+)[\s\S]*?Lösenord:\s+(\S+)/.exec(first.output());
    expect(match).not.toBeNull();
    const [, email, password] = match!;
    expect(await login(port, email!, password!)).toBe(200);
    expect(await stop(first.child)).toBe(0);

    const second = await startServer(port);
    expect(second.output()).not.toContain('Lösenord:');
    expect(await login(port, email!, password!)).toBe(200);
    expect(await stop(second.child)).toBe(0);
  });

  it('refuses to start on invalid configuration, naming the problem', () => {
    const result = spawnSync(tsx, ['server/src/main.ts'], {
      cwd: root,
      env: { ...env, PORT: 'not-a-port' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
  });
});

describe('the operator CLI', () => {
  it('migrates, creates a user, changes the role and sets a password', () => {
    expect(cli('db:migrate').stdout).toContain('Migrations applied');
    const created = cli('user:create', '--email', 'Lisa@Skola.se', '--role', 'contributor', '--name', 'Lisa');
    expect(created.status).toBe(0);
    expect(created.stdout).toMatch(/Created lisa@skola\.se \(contributor\)\. Password: \S+/);
    expect(cli('user:create', '--email', 'lisa@skola.se', '--role', 'user').stderr).toContain('finns redan');
    expect(cli('user:set-role', '--email', 'lisa@skola.se', '--role', 'admin').stdout).toContain(
      'is now admin',
    );
    expect(cli('user:set-role', '--email', 'lisa@skola.se', '--role', 'king').status).toBe(2);
    const reset = cli('user:set-password', '--email', 'lisa@skola.se', '--password', 'ett-nytt-bra-lösenord');
    expect(reset.stdout).toContain('all sessions signed out');
    expect(cli('nonsense').status).toBe(2);
    expect(cli('catalog:seed-demo', '--count', '3').stdout).toContain('Added 3 published demo tools.');
    expect(cli('catalog:seed-demo', '--count', 'många').status).toBe(2);
  });
});
