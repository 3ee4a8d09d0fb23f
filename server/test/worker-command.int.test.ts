import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/shared/actor';
import { composeRuntime, type Runtime } from '../src/compose';
import { loadConfig } from '../src/config';
import { queryRows, type Database } from '../src/db/client';
import type { TestContext } from './api-harness';
import { openTestDatabase, testEngines } from './db';
import { embeddedEnv, killAll, runToEnd, start } from './processes';
import { publishTool, py } from './runs-fixtures';

afterEach(killAll);

describe('npm run worker', () => {
  it('says it needs DATABASE_URL and exits 2 without it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-worker-'));
    const result = await runToEnd(
      'npm',
      ['run', '--silent', 'worker'],
      embeddedEnv({ SKRIPTOTEKET_DATA_DIR: dataDir }),
    );
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(result.status).toBe(2);
    expect(result.output).toContain(
      'A standalone worker shares the queue through PostgreSQL: set DATABASE_URL.',
    );
  }, 120_000);
});

/** A standalone worker needs the shared PostgreSQL queue, so this runs where the PostgreSQL tier runs. */
describe.each(testEngines().filter((engine) => engine === 'postgres'))('npm run worker on %s', (engine) => {
  let database: Database;
  let runtime: Runtime;
  let dataDir: string;
  let actor: Actor;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-worker-'));
    env = {
      ...process.env,
      DATABASE_URL: await databaseUrl(database),
      SKRIPTOTEKET_DATA_DIR: dataDir,
      SKRIPTOTEKET_LOG_LEVEL: 'warn',
      SKRIPTOTEKET_WORKER_METRICS_PORT: String(19_000 + Math.floor(Math.random() * 1000)),
    };
    runtime = composeRuntime(loadConfig(env), database);
    await runtime.start({ workers: 0 });
    const user = await runtime.services.users.createUser({
      email: 'larare@skola.se',
      role: 'user',
      password: 'ett-bra-lösenord',
    });
    actor = { id: user.id, role: 'user' };
  });
  afterAll(async () => {
    await runtime.stop();
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes a run from the queue, finishes it, counts it in its own /metrics and stops cleanly on SIGTERM', async () => {
    const context = { services: runtime.services } as unknown as TestContext;
    const slug = await publishTool(context, { source: py(['def run_tool(i, o):', '    return "klar"']) });
    const worker = start('npm', ['run', '--silent', 'worker', '--', '--concurrency', '1'], env);
    const [, pid, metricsUrl] = await worker.waitFor(
      /Worker started \(concurrency 1, pid (\d+), metrics on (\S+)\)/,
      120_000,
    );

    const run = await runtime.services.runs.submitRun(actor, slug, {
      inputs: {},
      files: [],
      sessionFilesMode: 'none',
    });
    let status = 'queued';
    for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
      status = (await runtime.services.runs.getRun(actor, run.id)).status;
      if (!['queued', 'running'].includes(status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('succeeded');
    const [row] = await queryRows<{ worker_id: string }>(
      database.db,
      sql`select worker_id from runs where id = ${run.id}`,
    );
    expect(row!.worker_id.startsWith(`${os.hostname()}:${pid}`)).toBe(true);
    const metrics = await (await fetch(metricsUrl!)).text();
    expect(metrics).toMatch(/skriptoteket_runs_finished_total\{status="succeeded",tool="[^"]+"\} 1/);
    expect(metrics).toContain('skriptoteket_run_duration_seconds_count{status="succeeded"} 1');
    expect(metrics).toContain('skriptoteket_run_platform_failures_total');

    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(worker.output()).toContain('Worker stopped.');
  }, 300_000);
});

async function databaseUrl(database: Database): Promise<string> {
  const [row] = await queryRows<{ db: string }>(database.db, sql`select current_database() as db`);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${row!.db}`;
  return url.toString();
}
