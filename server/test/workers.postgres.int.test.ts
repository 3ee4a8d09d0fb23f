import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeRuntime, type Runtime } from '../src/compose';
import { loadConfig } from '../src/config';
import { queryRows, type Database } from '../src/db/client';
import type { Actor } from '../src/shared/actor';
import { openTestDatabase, testEngines } from './db';
import type { TestContext } from './api-harness';
import { publishTool, py } from './runs-fixtures';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

/**
 * Standalone workers share the queue through PostgreSQL, so these run only where the PostgreSQL tier runs
 * (DATABASE_URL set, as in CI). PGlite is one in-process database: there, workers live inside the server.
 */
describe.each(testEngines().filter((engine) => engine === 'postgres'))(
  'standalone workers on %s',
  (engine) => {
    let database: Database;
    let runtime: Runtime;
    let dataDir: string;
    let actor: Actor;
    let env: NodeJS.ProcessEnv;
    const workers: ChildProcess[] = [];

    beforeAll(async () => {
      database = await openTestDatabase(engine);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-workers-'));
      const url = await databaseUrl(database);
      env = {
        ...process.env,
        DATABASE_URL: url,
        SKRIPTOTEKET_DATA_DIR: dataDir,
        SKRIPTOTEKET_RUN_TIMEOUT_SECONDS: '3',
        // One user queues 100 runs here: above the default per-user cap of waiting runs.
        SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER: '200',
        SKRIPTOTEKET_LEASE_SECONDS: '2',
        SKRIPTOTEKET_WORKER_METRICS_PORT: '0',
        SKRIPTOTEKET_LOG_LEVEL: 'warn',
      };
      const config = loadConfig(env);
      runtime = composeRuntime(config, database);
      await runtime.start({ workers: 0 });
      const user = await runtime.services.users.createUser({
        email: 'larare@skola.se',
        role: 'user',
        password: 'ett-bra-lösenord',
      });
      actor = { id: user.id, role: 'user' };
    });
    afterAll(async () => {
      for (const worker of workers) {
        try {
          process.kill(-worker.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await runtime.stop();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    function startWorker(concurrency: number): Promise<ChildProcess> {
      const child = spawn(tsx, ['server/src/cli/cli.ts', 'worker', '--concurrency', String(concurrency)], {
        cwd: root,
        env,
        detached: true,
      });
      workers.push(child);
      return new Promise((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Worker started')) resolve(child);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${output}`)));
      });
    }

    const context = () => ({ services: runtime.services }) as unknown as TestContext;
    const submit = (slug: string) =>
      runtime.services.runs.submitRun(actor, slug, { inputs: {}, files: [], sessionFilesMode: 'none' });
    const statusOf = async (runId: string) => (await runtime.services.runs.getRun(actor, runId)).status;

    async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
      const started = Date.now();
      while (!(await check())) {
        if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Date.now() - started;
    }

    it('fails a run whose worker was killed with -9 mid-run within seconds (one lease), with a clear message', async () => {
      const slug = await publishTool(context(), {
        source: py(['import time', 'def run_tool(i, o):', '    time.sleep(20)']),
      });
      const worker = await startWorker(1);
      const run = await submit(slug);
      await until(async () => (await statusOf(run.id)) === 'running', 10_000);
      process.kill(-worker.pid!, 'SIGKILL');
      const waited = await until(async () => (await statusOf(run.id)) === 'failed', 15_000);
      // The tool would sleep 20 s and the wall limit is 3 s: only the lease (2 s) can end it this soon.
      expect(waited).toBeLessThan(2_000 + 2_000);
      const finished = await runtime.services.runs.getRun(actor, run.id);
      expect(finished.errorSummary).toContain('servern som körde den stannade');
    });

    it('runs 100 queued runs on two workers, each exactly once, none lost', async () => {
      const slug = await publishTool(context(), { source: py(['def run_tool(i, o):', '    return "klar"']) });
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) ids.push((await submit(slug)).id);
      await Promise.all([startWorker(2), startWorker(2)]);
      await until(async () => {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from runs where id in ${ids} and status in ('succeeded','failed','timed_out','cancelled')`,
        );
        return row!.n === 100;
      }, 90_000);
      const rows = await queryRows<{ status: string; attempt: number; worker_id: string }>(
        database.db,
        sql`select status, attempt, worker_id from runs where id in ${ids}`,
      );
      expect(rows).toHaveLength(100);
      expect(rows.every((r) => r.status === 'succeeded' && r.attempt === 1)).toBe(true);
      const processes = new Set(rows.map((r) => r.worker_id.split('#')[0]));
      expect(processes.size).toBe(2);
    }, 120_000);

    it('stays up when 50 runs are cancelled 0–300 ms after submission; every run ends cancelled', async () => {
      const slug = await publishTool(context(), {
        source: py(['import time', 'def run_tool(i, o):', '    time.sleep(3)']),
      });
      const worker = await startWorker(2);
      const ids: string[] = [];
      for (let batch = 0; batch < 10; batch++) {
        await Promise.all(
          Array.from({ length: 5 }, async () => {
            const run = await submit(slug);
            ids.push(run.id);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
            await runtime.services.runs.cancelRun(actor, run.id);
          }),
        );
      }
      await until(async () => {
        const statuses = await Promise.all(ids.map(statusOf));
        return statuses.every((status) => status !== 'queued' && status !== 'running');
      }, 60_000);
      expect(new Set(await Promise.all(ids.map(statusOf)))).toEqual(new Set(['cancelled']));
      expect(worker.exitCode).toBeNull();
      const quick = await publishTool(context(), { source: py(['def run_tool(i, o):', '    return "ok"']) });
      const after = await submit(quick);
      await until(async () => (await statusOf(after.id)) === 'succeeded', 20_000);
    }, 120_000);
  },
);

async function databaseUrl(database: Database): Promise<string> {
  const [row] = await queryRows<{ db: string }>(database.db, sql`select current_database() as db`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${row!.db}`;
  return url.toString();
}
