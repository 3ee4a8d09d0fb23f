import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import { createCast, createTool } from '../../test/governance-fixtures';
import { composeRuntime } from '../compose';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { DrizzleRunRepo } from '../runs/runs.repo';
import { DrizzleToolSessionRepo } from '../runs/session.repo';
import { queuedRun, succeededOutcome } from '../../test/fakes/runs.fakes';

const HUGE = 2n ** 256n + 1n;

describe.each(testEngines())('integers beyond 2^53 through JSONB on %s', (engine) => {
  let database: Database;
  afterEach(async () => {
    await database.close();
  });

  it('stores and reads tool state and run results exactly, and raises state_rev on every new state', async () => {
    database = await openTestDatabase(engine);
    const services = composeRuntime(loadConfig({}), database).services;
    const cast = await createCast(services);
    const tool = await createTool(services, cast);
    const runs = new DrizzleRunRepo(database.db);
    const sessions = new DrizzleToolSessionRepo(database.db);
    const key = { toolId: tool.id, userId: cast.user.id, context: 'default' };
    const offered = [{ action_id: 'next', fields: [] }];
    /** A run of the tool, claimed and finished with this session update: the state revision it reports. */
    const finishWith = async (update: { state?: Record<string, unknown>; offeredActions: unknown[] }) => {
      const run = queuedRun({
        id: crypto.randomUUID(),
        toolId: tool.id,
        versionId: null,
        requestedBy: cast.user.id,
      });
      await runs.insert(run);
      const now = new Date();
      const claimed = await runs.claimNext('w', now, new Date(now.getTime() + 10_000));
      const outcome = succeededOutcome({ uiPayload: { state: update.state ?? null, big: HUGE } });
      const stored = await runs.finish(run.id, claimed!.run.attempt, outcome, [], {
        key,
        ...update,
        offeringRunId: run.id,
      });
      expect(stored?.run.uiPayload).toEqual(outcome.uiPayload);
      return { stateRev: stored?.stateRev, runId: run.id };
    };

    const first = await finishWith({
      state: { big: HUGE, list: [HUGE, -HUGE], small: 1.5 },
      offeredActions: offered,
    });
    expect(first.stateRev).toBe(1);
    expect(await sessions.find(key)).toEqual({
      state: { big: HUGE, list: [HUGE, -HUGE], small: 1.5 },
      stateRev: 1,
      offeringRunId: first.runId,
      offeredActions: offered,
    });
    expect((await finishWith({ offeredActions: [] })).stateRev).toBe(1);
    expect((await sessions.find(key))?.state).toEqual({ big: HUGE, list: [HUGE, -HUGE], small: 1.5 });
    expect((await finishWith({ state: { big: HUGE + 1n }, offeredActions: [] })).stateRev).toBe(2);
    expect((await sessions.find(key))?.state).toEqual({ big: HUGE + 1n });
  });
});
