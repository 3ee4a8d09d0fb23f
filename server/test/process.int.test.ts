import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { embeddedEnv, killAll, runToEnd, signIn, start, type Started } from './processes';

/**
 * The README's commands as a person runs them on the project as cloned: `npm start` (which builds what is
 * stale), `npm run cli` beside it and without it. Budgets fit a busy 2-core machine: a first start may build
 * the web app and create the database.
 */
const START_MS = 240_000;
const TEST_MS = 600_000;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-proc-'));
const env = embeddedEnv({
  SKRIPTOTEKET_DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  PORT: '0',
  SKRIPTOTEKET_RESTART_MIN_UPTIME_SECONDS: '1',
});

afterEach(killAll);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const BANNER = /First administrator account created\s+E-mail:\s+(\S+)\s+Password:\s+(\S+)[\s\S]*?─{20,}\n/;

async function npmStart(): Promise<{ server: Started; baseUrl: string }> {
  const server = start('npm', ['start'], env);
  const [, baseUrl] = await server.waitFor(/is running at (http:\/\/\S+)/, START_MS);
  return { server, baseUrl: baseUrl! };
}

const npmCli = (...args: string[]) => runToEnd('npm', ['run', '--silent', 'cli', '--', ...args], env);

describe('npm start', () => {
  it(
    'serves and prints the first admin last and once; the CLI works beside it; data survives a restart',
    async () => {
      const first = await npmStart();
      const [banner, adminEmail, adminPassword] = await first.server.waitFor(BANNER, 30_000);
      const output = first.server.output();
      expect(output.indexOf(banner)).toBeGreaterThan(output.indexOf('is running at'));
      expect(output.slice(output.indexOf(banner) + banner.length).trim()).toBe('');
      expect(banner).toContain('shown only this once');
      expect(banner).toContain('npm run cli -- user:set-password');
      expect(await signIn(first.baseUrl, adminEmail!, adminPassword!)).toBe(200);

      const created = await npmCli(
        'user:create',
        '--email',
        't@example.org',
        '--role',
        'user',
        '--password',
        'ett-bra-lösenord',
      );
      expect(created.output).toContain('Created t@example.org (user).');
      expect(created.status).toBe(0);
      expect(await signIn(first.baseUrl, 't@example.org', 'ett-bra-lösenord')).toBe(200);
      // It went through the server, whose log lines are JSON since its stdout is not a terminal.
      expect(first.server.stdout()).toMatch(
        /\{"level":30,.*"command":"user:create","msg":"operator command"\}/,
      );

      const duplicate = await npmCli('user:create', '--email', 't@example.org', '--role', 'user');
      expect(duplicate.status).toBe(1);
      expect(duplicate.output).toContain('An account with that email address already exists.');
      expect((await npmCli('user:set-role', '--email', 't@example.org', '--role', 'king')).status).toBe(2);

      // Should the server process ever die, `npm start` starts it again (the embedded workers live in it).
      process.kill((await fetchLockHolder()).pid, 'SIGKILL');
      const [, restartedUrl] = await first.server.waitFor(
        /starting it again[\s\S]*?is running at (http:\/\/\S+)/,
        START_MS,
      );
      expect(await signIn(restartedUrl!, 't@example.org', 'ett-bra-lösenord')).toBe(200);
      expect(await first.server.stop('SIGTERM')).toBe(0);

      const second = await npmStart();
      expect(second.server.output()).not.toContain('First administrator');
      expect(await signIn(second.baseUrl, 't@example.org', 'ett-bra-lösenord')).toBe(200);
      expect(await signIn(second.baseUrl, adminEmail!, adminPassword!)).toBe(200);
      expect(await second.server.stop('SIGTERM')).toBe(0);
    },
    TEST_MS,
  );

  it(
    'refuses a second server on the same data directory, naming the first, which keeps serving',
    async () => {
      const first = await npmStart();
      const holder = (await fetchLockHolder()).pid;

      const second = await runToEnd('npm', ['start'], env);
      expect(second.status).not.toBe(0);
      expect(second.output).toContain(`is already open in process ${holder} on ${os.hostname()}`);
      expect(second.output).toContain('npm run cli -- <command>');
      expect(second.output).toContain('DATABASE_URL');

      expect((await fetch(`${first.baseUrl}/readyz`)).status).toBe(200);
      expect(await signIn(first.baseUrl, 't@example.org', 'ett-bra-lösenord')).toBe(200);
      expect(await first.server.stop('SIGTERM')).toBe(0);
    },
    TEST_MS,
  );
});

async function fetchLockHolder(): Promise<{ pid: number }> {
  const text = await fs.promises.readFile(path.join(dataDir, 'pglite.lock'), 'utf8');
  return JSON.parse(text) as { pid: number };
}

describe('the server process', () => {
  it('refuses to start on invalid configuration, naming the problem', async () => {
    const result = await runToEnd('npm', ['start'], { ...env, PORT: 'not-a-port' });
    expect(result.status).toBe(2);
    expect(result.output).toContain('PORT');
  });

  it(
    'says at start when its sandbox cannot run tools, and keeps serving with /readyz at 503',
    async () => {
      const brokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-proc-broken-'));
      try {
        const server = start('npm', ['start'], {
          ...env,
          SKRIPTOTEKET_DATA_DIR: brokenDir,
          SKRIPTOTEKET_PYTHON: '/nonexistent/python3',
        });
        const [, baseUrl] = await server.waitFor(/is running at (http:\/\/\S+)/, START_MS);
        await server.waitFor(/sandbox self-check failed/, 30_000);
        expect(server.output()).toContain('/nonexistent/python3 is missing');
        const ready = await fetch(`${baseUrl}/readyz`);
        expect(ready.status).toBe(503);
        expect(await ready.json()).toEqual({
          status: 'degraded',
          checks: { database: 'ok', sandbox: 'fail' },
        });
        expect(await server.stop('SIGTERM')).toBe(0);
      } finally {
        fs.rmSync(brokenDir, { recursive: true, force: true });
      }
    },
    TEST_MS,
  );
});

describe('the operator CLI without a running server', () => {
  const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-cli-'));
  const cliEnv = { ...env, SKRIPTOTEKET_DATA_DIR: cliDir };
  const cli = (...args: string[]) => runToEnd(process.execPath, ['scripts/cli.mjs', ...args], cliEnv);
  afterAll(() => fs.rmSync(cliDir, { recursive: true, force: true }));

  it(
    'migrates, creates a user, changes the role and sets a password',
    async () => {
      expect((await cli('db:migrate')).stdout).toContain('Migrations applied');
      const created = await cli(
        'user:create',
        '--email',
        'Lisa@Skola.se',
        '--role',
        'contributor',
        '--name',
        'Lisa',
      );
      expect(created.status).toBe(0);
      expect(created.stdout).toMatch(/Created lisa@skola\.se \(contributor\)\. Password: \S+/);
      expect((await cli('user:create', '--email', 'lisa@skola.se', '--role', 'user')).output).toContain(
        'An account with that email address already exists.',
      );
      expect((await cli('user:set-role', '--email', 'lisa@skola.se', '--role', 'admin')).stdout).toContain(
        'is now admin',
      );
      const reset = await cli(
        'user:set-password',
        '--email',
        'lisa@skola.se',
        '--password',
        'ett-nytt-bra-lösenord',
      );
      expect(reset.stdout).toContain('all sessions signed out');
      expect((await cli('catalog:seed-demo', '--count', '3')).stdout).toContain(
        'Added 3 published demo tools.',
      );
      // The embedded database is free again after each command.
      expect(fs.existsSync(path.join(cliDir, 'pglite.lock'))).toBe(false);
    },
    TEST_MS,
  );

  it('rejects usage mistakes with exit code 2 before opening anything', async () => {
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-cli-usage-'));
    const mistakes = [
      ['nonsense'],
      ['user:set-role', '--email', 'lisa@skola.se', '--role', 'king'],
      ['catalog:seed-demo', '--count', 'många'],
      ['user:create', '--email', 'a@b.se', '--colour', 'blue'],
    ];
    for (const args of mistakes) {
      const result = await runToEnd(process.execPath, ['scripts/cli.mjs', ...args], {
        ...env,
        SKRIPTOTEKET_DATA_DIR: emptyDir,
      });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.output, args.join(' ')).toContain('Usage: npm run cli');
    }
    expect(fs.readdirSync(emptyDir)).toEqual([]);
    fs.rmSync(emptyDir, { recursive: true, force: true });
  }, 120_000);
});
