import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeRuntime, type Runtime } from '../src/compose';
import { loadConfig } from '../src/config';
import { openDatabase, queryRows, type Database } from '../src/db/client';
import type { Actor } from '../src/shared/actor';
import type { TestContext } from './api-harness';
import { publishTool, py } from './runs-fixtures';

/**
 * A PostgreSQL server that goes away under load: every connection terminated, then a real restart. Run on a
 * private cluster of the machine's PostgreSQL (its own data dir and port), so the rest of the suite, which
 * shares the machine's server, is not disturbed.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const TERMINAL = ['succeeded', 'failed', 'timed_out', 'cancelled'];

class PrivateCluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-pg-'));
  readonly port = 55_000 + Math.floor(Math.random() * 5_000);
  private readonly bin = postgresBin();

  private asPostgres(command: string, args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(this.bin, command), ...args], {
      stdio: 'pipe',
    });
  }

  start(): void {
    fs.chownSync(this.dir, uid('postgres'), uid('postgres'));
    this.asPostgres('initdb', ['-D', `${this.dir}/data`, '--auth=trust', '-U', 'postgres', '-E', 'UTF8']);
    this.ctl('start');
  }

  ctl(action: 'start' | 'restart' | 'stop'): void {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`;
    this.asPostgres('pg_ctl', [
      '-D',
      `${this.dir}/data`,
      '-o',
      options,
      '-w',
      '-m',
      'fast',
      '-l',
      `${this.dir}/log`,
      action,
    ]);
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  remove(): void {
    try {
      this.ctl('stop');
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

describe('workers and web processes when PostgreSQL goes away', () => {
  const cluster = new PrivateCluster();
  let database: Database;
  let runtime: Runtime;
  let worker: ChildProcess;
  let workerOutput = '';
  let actor: Actor;

  beforeAll(async () => {
    cluster.start();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('create database skt');
    await admin.end();
    const env = {
      ...process.env,
      DATABASE_URL: cluster.url('skt'),
      SKRIPTOTEKET_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'skt-restart-data-')),
      SKRIPTOTEKET_LEASE_SECONDS: '3',
      // All 31 runs belong to one user; with the default cap of 20 waiting runs, a submit during the restart
      // (when no run can finish) met 429 instead of the restart on a slow machine.
      SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER: '100',
      SKRIPTOTEKET_WORKER_METRICS_PORT: '0',
      SKRIPTOTEKET_LOG_LEVEL: 'error',
      SKRIPTOTEKET_LOG_FORMAT: 'json',
    };
    database = await openDatabase({ kind: 'postgres', url: env.DATABASE_URL, poolSize: 5 });
    await database.migrate();
    runtime = composeRuntime(loadConfig(env), database);
    await runtime.start({ workers: 0 });
    const user = await runtime.services.users.createUser({
      email: 'larare@skola.se',
      role: 'user',
      password: 'ett-bra-lösenord',
    });
    actor = { id: user.id, role: 'user' };
    worker = spawn(tsx, ['server/src/cli/cli.ts', 'worker', '--concurrency', '2'], {
      cwd: root,
      env,
      detached: true,
    });
    worker.stdout!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    worker.stderr!.on('data', (chunk: Buffer) => (workerOutput += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!workerOutput.includes('Worker started')) {
      if (worker.exitCode !== null || Date.now() > deadline)
        throw new Error(`worker did not start: ${workerOutput}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);

  afterAll(async () => {
    try {
      process.kill(-worker.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await runtime?.stop();
    await database?.close();
    cluster.remove();
  });

  it('keeps the worker up through terminated connections and a restart; every run ends, none runs twice', async () => {
    const context = { services: runtime.services } as unknown as TestContext;
    const slug = await publishTool(context, {
      source: py(['import time', 'def run_tool(i, o):', '    time.sleep(0.3)', '    return "klar"']),
    });
    const submit = async () =>
      (
        await runtime.services.runs.submitRun(actor, slug, {
          inputs: {},
          files: [],
          sessionFilesMode: 'none',
        })
      ).id;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(await submit());
    await until(async () => (await countWhere(database, ids, ['succeeded'])) >= 2, 30_000);

    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and datname = $1',
      ['skt'],
    );
    await admin.end();
    for (let i = 0; i < 5; i++) ids.push(await retrying(submit));
    cluster.ctl('restart');
    for (let i = 0; i < 5; i++) ids.push(await retrying(submit));

    await until(async () => (await countWhere(database, ids, TERMINAL)) === ids.length, 120_000);
    const rows = await retrying(() =>
      queryRows<{ status: string; attempt: number; error_code: string | null }>(
        database.db,
        sql`select status, attempt, error_code from runs where id in ${ids}`,
      ),
    );
    expect(rows).toHaveLength(30);
    expect(rows.filter((row) => row.attempt !== 1)).toEqual([]);
    const unexpected = rows.filter((row) => row.status !== 'succeeded' && row.error_code !== 'worker_lost');
    expect(unexpected).toEqual([]);
    expect(rows.filter((row) => row.status === 'succeeded').length).toBeGreaterThanOrEqual(20);
    expect(worker.exitCode).toBeNull();

    const after = await retrying(submit);
    await until(async () => (await countWhere(database, [after], ['succeeded'])) === 1, 30_000);
  }, 240_000);
});

function postgresBin(): string {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim());
}

async function countWhere(database: Database, ids: string[], statuses: string[]): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from runs where id in ${ids} and status in ${statuses}`,
  );
  return row!.n;
}

/** The test's own requests also meet the restart: try again for a while, as a person would. */
async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
