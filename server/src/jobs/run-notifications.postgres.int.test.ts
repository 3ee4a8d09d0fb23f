import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import { queuedRun, succeededOutcome } from '../../test/fakes/runs.fakes';
import { createCast, createTool } from '../../test/governance-fixtures';
import { composeRuntime } from '../compose';
import { loadConfig } from '../config';
import { openDatabase, type Database } from '../db/client';
import type { RunEvent } from '../runs/runs.ports';
import { DrizzleRunRepo } from '../runs/runs.repo';
import { silentLogger } from '../shared/ports';
import { RunEventBus } from './run-events';
import { QueueWakeup } from './run-queue';

/** Two processes on one PostgreSQL database: each has its own pool, origin, wake-up and event bus. */
async function processOn(database: Database) {
  const wakeup = new QueueWakeup(database.pool, database.origin, silentLogger);
  const events = new RunEventBus(database.pool, database.origin, silentLogger);
  await wakeup.listen();
  await events.start();
  let wakes = 0;
  wakeup.onWake(() => (wakes += 1));
  const heard: RunEvent[] = [];
  return {
    events,
    runs: new DrizzleRunRepo(database.db),
    wakes: () => wakes,
    heard,
    listen: (runId: string) => events.subscribe(runId, (event) => heard.push(event)),
    stop: async () => {
      wakeup.close();
      await events.stop();
    },
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(check()).toBe(true);
};

describe.each(testEngines().filter((engine) => engine === 'postgres'))(
  'run notifications between processes on %s',
  (engine) => {
    let webDatabase: Database;
    let workerDatabase: Database;
    beforeAll(async () => {
      webDatabase = await openTestDatabase(engine);
      workerDatabase = await openDatabase({
        kind: 'postgres',
        url: webDatabase.pool!.options.connectionString!,
        poolSize: 3,
      });
    });
    afterAll(async () => {
      await workerDatabase.close();
      await webDatabase.close();
    });

    it('a run queued or changed by one process reaches the others from its own statement, never its writer', async () => {
      expect(webDatabase.origin).toMatch(/^skriptoteket:/);
      expect(workerDatabase.origin).not.toBe(webDatabase.origin);
      const services = composeRuntime(loadConfig({}), webDatabase).services;
      const cast = await createCast(services);
      const tool = await createTool(services, cast);
      const web = await processOn(webDatabase);
      const worker = await processOn(workerDatabase);
      const run = queuedRun({
        id: crypto.randomUUID(),
        toolId: tool.id,
        versionId: null,
        requestedBy: cast.user.id,
      });
      web.listen(run.id);
      worker.listen(run.id);

      // The web process queues the run: the worker process is woken by the insert itself.
      const { stateRev } = await web.runs.insert(run);
      web.events.noteQueued({ run, stateRev });
      expect(web.events.latest(run.id)).toEqual({ run, stateRev });
      await until(() => worker.wakes() === 1);
      // The worker claims and finishes it: the web process hears each status, in order.
      const now = new Date();
      const claimed = await worker.runs.claimNext('w', now, new Date(now.getTime() + 10_000));
      await worker.runs.finish(run.id, claimed!.run.attempt, succeededOutcome(), [], null);
      await until(() => web.heard.length === 2);
      // What the web process knew of the run is older than the worker's changes: it reads the run again.
      expect(web.events.latest(run.id)).toBeUndefined();
      expect(web.heard).toEqual([
        { runId: run.id, status: 'running' },
        { runId: run.id, status: 'succeeded' },
      ]);
      // Delivered in commit order, so by now each process has had its own notifications too, and ignored them.
      expect(web.wakes()).toBe(0);
      expect(worker.heard).toEqual([]);

      // A connection that is not Skriptoteket's own (psql, a migration) tells no one.
      const other = new pg.Client({ connectionString: webDatabase.pool!.options.connectionString! });
      await other.connect();
      await other.query("set application_name = 'psql'");
      await other.query("update runs set status = 'failed' where id = $1", [run.id]);
      await other.end();
      await web.runs.cancel(run.id, new Date()); // nothing to cancel: a finished run stays as it is
      const second = queuedRun({
        id: crypto.randomUUID(),
        toolId: tool.id,
        versionId: null,
        requestedBy: cast.user.id,
      });
      await web.runs.insert(second);
      await until(() => worker.wakes() === 2);
      expect(web.heard).toHaveLength(2);
      await web.stop();
      await worker.stop();
    });
  },
);
