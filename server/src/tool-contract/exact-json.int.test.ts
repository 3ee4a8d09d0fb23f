import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import { createCast, createTool } from '../../test/governance-fixtures';
import { composeRuntime } from '../compose';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { DrizzleToolSessionRepo } from '../runs/session.repo';

const HUGE = 2n ** 256n + 1n;

describe.each(testEngines())('integers beyond 2^53 through JSONB on %s', (engine) => {
  let database: Database;
  afterEach(async () => {
    await database.close();
  });

  it('stores and reads tool state exactly, and raises state_rev on every write', async () => {
    database = await openTestDatabase(engine);
    const services = composeRuntime(loadConfig({}), database).services;
    const cast = await createCast(services);
    const tool = await createTool(services, cast);
    const sessions = new DrizzleToolSessionRepo(database.db);
    const key = { toolId: tool.id, userId: cast.user.id, context: 'default' };
    const runId = '00000000-0000-4000-8000-000000000009';
    const offered = [{ action_id: 'next', fields: [] }];

    expect(
      await sessions.record(
        key,
        {
          state: { big: HUGE, list: [HUGE, -HUGE], small: 1.5 },
          offeringRunId: runId,
          offeredActions: offered,
        },
        new Date(),
      ),
    ).toBe(1);
    expect(await sessions.find(key)).toEqual({
      state: { big: HUGE, list: [HUGE, -HUGE], small: 1.5 },
      stateRev: 1,
      offeringRunId: runId,
      offeredActions: offered,
    });
    expect(await sessions.record(key, { offeringRunId: runId, offeredActions: [] }, new Date())).toBe(1);
    expect((await sessions.find(key))?.state).toEqual({ big: HUGE, list: [HUGE, -HUGE], small: 1.5 });
    expect(
      await sessions.record(
        key,
        { state: { big: HUGE + 1n }, offeringRunId: runId, offeredActions: [] },
        new Date(),
      ),
    ).toBe(2);
    expect((await sessions.find(key))?.state).toEqual({ big: HUGE + 1n });
  });
});
