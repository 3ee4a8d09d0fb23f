import { text } from '@skriptoteket/contracts';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notFound } from '../shared/app-error';
import { callRunningServer, controlDir, startControlServer, type ControlServer } from './control-channel';
import { UsageError, type Options } from './usage';

const dirs: string[] = [];
const servers: ControlServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-ctl-'));
  dirs.push(dir);
  return dir;
}

async function serve(dir: string, execute: (command: string, options: Options) => Promise<string>) {
  const unexpected: string[] = [];
  const server = await startControlServer(dir, execute, (error) => unexpected.push(String(error)));
  servers.push(server);
  return { server, unexpected };
}

function rawRequest(socket: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const connection = net.createConnection(socket);
    let reply = '';
    connection.on('data', (chunk) => (reply += chunk.toString()));
    connection.on('end', () => resolve(reply));
    connection.on('error', reject);
    connection.write(`${line}\n`);
  });
}

describe('the CLI control channel', () => {
  it('runs a command in the server and returns its output', async () => {
    const dir = dataDir();
    const seen: Array<[string, Options]> = [];
    await serve(dir, async (command, options) => {
      seen.push([command, options]);
      return `Created ${options['email']} (user).`;
    });

    const reply = await callRunningServer(dir, 'user:create', { email: 't@example.org', role: 'user' });
    expect(reply).toEqual({ ok: true, output: 'Created t@example.org (user).' });
    expect(seen).toEqual([['user:create', { email: 't@example.org', role: 'user' }]]);
  });

  it('is reachable only by the server user: private directory, socket and token file', async () => {
    const dir = dataDir();
    const { server } = await serve(dir, async () => 'ok');
    expect(fs.statSync(controlDir(dir)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(server.socket!).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(controlDir(dir), 'server.json')).mode & 0o777).toBe(0o600);
  });

  it('refuses a caller without the token and runs nothing', async () => {
    const dir = dataDir();
    let calls = 0;
    const { server } = await serve(dir, async () => {
      calls++;
      return 'ran';
    });

    const reply = JSON.parse(
      await rawRequest(
        server.socket!,
        JSON.stringify({ token: 'guess', command: 'db:migrate', options: {} }),
      ),
    );
    expect(reply).toMatchObject({
      ok: false,
      failure: { exitCode: 1, error: expect.stringContaining('token') },
    });
    expect(JSON.parse(await rawRequest(server.socket!, 'not json')).ok).toBe(false);
    expect(calls).toBe(0);
  });

  it('reports failures with the exit code the CLI uses, and logs only the unexpected ones', async () => {
    const dir = dataDir();
    const failures: Record<string, Error> = {
      usage: new UsageError('--role must be one of user, admin'),
      domain: notFound(
        text('Det finns inget konto med den e-postadressen.', 'There is no account with that email address.'),
      ),
      bug: new Error('disk on fire'),
    };
    const { unexpected } = await serve(dir, async (command) => {
      throw failures[command]!;
    });

    expect(await callRunningServer(dir, 'usage', {})).toEqual({
      ok: false,
      failure: { error: '--role must be one of user, admin', exitCode: 2, isUsageError: true },
    });
    expect(await callRunningServer(dir, 'domain', {})).toEqual({
      ok: false,
      failure: { error: 'There is no account with that email address.', exitCode: 1, isUsageError: false },
    });
    expect(await callRunningServer(dir, 'bug', {})).toMatchObject({
      ok: false,
      failure: { exitCode: 1, error: 'disk on fire' },
    });
    expect(unexpected).toEqual(['Error: disk on fire']);
  });

  it('is not there without a server, after it stops, or when a crashed one left its files', async () => {
    const dir = dataDir();
    expect(await callRunningServer(dir, 'db:migrate', {})).toBeNull();

    const { server } = await serve(dir, async () => 'ok');
    const leftBehind = fs.readFileSync(path.join(controlDir(dir), 'server.json'), 'utf8');
    await servers.pop()!.close();
    expect(fs.existsSync(path.join(controlDir(dir), 'server.json'))).toBe(false);
    expect(await callRunningServer(dir, 'db:migrate', {})).toBeNull();

    fs.writeFileSync(path.join(controlDir(dir), 'server.json'), leftBehind);
    expect(fs.existsSync(server.socket!)).toBe(false);
    expect(await callRunningServer(dir, 'db:migrate', {})).toBeNull();
  });
});
