import { afterEach, describe, expect, it } from 'vitest';
import { queuedRun, succeededOutcome } from '../../test/fakes/runs.fakes';
import { openTestDatabase, testEngines } from '../../test/db';
import { createCast, createTool, save } from '../../test/governance-fixtures';
import { composeRuntime } from '../compose';
import { loadConfig } from '../config';
import type { Database } from '../db/client';
import { DrizzleRunRepo } from './runs.repo';
import { toolSessions } from '../db/schema/index';
import { DrizzleToolSessionRepo } from './session.repo';

/** Saves, reviews and publishes a first version of the tool, and publishes the tool. */
async function publishFirst(
  services: Parameters<typeof save>[0],
  admin: Parameters<typeof save>[1],
  toolId: string,
) {
  const version = await save(services, admin, toolId, 'Första');
  await services.versions.submitForReview(admin, version.id, '');
  await services.versions.publishVersion(admin, version.id, '');
  await services.tools.setPublished(admin, toolId, true);
  return version;
}

describe.each(testEngines())('the run queue on %s', (engine) => {
  let database: Database;
  afterEach(async () => {
    await database.close();
  });

  async function setUp() {
    database = await openTestDatabase(engine);
    const services = composeRuntime(loadConfig({}), database).services;
    const cast = await createCast(services);
    const tool = await createTool(services, cast);
    const runs = new DrizzleRunRepo(database.db);
    const queue = async (userId: string, count: number, fromMinute: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const run = queuedRun({
          id: crypto.randomUUID(),
          toolId: tool.id,
          versionId: null,
          requestedBy: userId,
          requestedAt: new Date(Date.UTC(2026, 0, 15, 8, fromMinute + i)),
        });
        await runs.insert(run);
        ids.push(run.id);
      }
      return ids;
    };
    return { runs, cast, queue, tool, services };
  }

  const claim = async (runs: DrizzleRunRepo, worker = 'w') => {
    const now = new Date();
    return (await runs.claimNext(worker, now, new Date(now.getTime() + 10_000)))?.run.id ?? null;
  };

  it('takes each run once, oldest first, raising its attempt; none when the queue is empty', async () => {
    const { runs, cast, queue } = await setUp();
    const ids = await queue(cast.user.id, 3, 0);
    const claimed = [await claim(runs), await claim(runs), await claim(runs)];
    expect(claimed).toEqual(ids);
    expect(await claim(runs)).toBeNull();
    const first = await runs.findById(ids[0]!);
    expect(first).toMatchObject({ status: 'running', attempt: 1, workerId: 'w' });
    expect(await runs.countQueued()).toBe(0);
  });

  it("lets another user's run start while one user has a backlog (users take turns)", async () => {
    const { runs, cast, queue } = await setUp();
    const backlog = await queue(cast.user.id, 20, 0);
    const [single] = await queue(cast.maintainer.id, 1, 30);
    const order = [await claim(runs), await claim(runs), await claim(runs)];
    expect(order).toEqual([backlog[0], single, backlog[1]]);
  });

  it('alternates between users when one worker finishes each run before it claims the next', async () => {
    const { runs, cast, queue } = await setUp();
    const backlog = await queue(cast.user.id, 20, 0);
    const others = await queue(cast.maintainer.id, 2, 30);
    const order: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await claim(runs);
      order.push(id);
      const run = (await runs.findById(id!))!;
      await runs.finish(id!, run.attempt, succeededOutcome(), [], null);
    }
    expect(order).toEqual([backlog[0], others[0], backlog[1], others[1], backlog[2]]);
  });

  it('never hands one run to two workers claiming at the same moment', async () => {
    const { runs, cast, queue } = await setUp();
    await queue(cast.user.id, 10, 0);
    await queue(cast.maintainer.id, 10, 0);
    const claimed = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(runs, `w${i}`)));
    const taken = claimed.filter((id): id is string => id !== null);
    expect(new Set(taken).size).toBe(taken.length);
    // Every run is taken once in all: whatever a worker missed (another held its candidate) it takes next time.
    for (let again = await claim(runs); again !== null; again = await claim(runs)) taken.push(again);
    expect(new Set(taken).size).toBe(20);
  });
  it("reads and claims each run with its own session's state revision (0 before it has one), among other sessions", async () => {
    const { runs, cast, tool } = await setUp();
    const session = (userId: string, context: string, stateRev: number) =>
      database.db.insert(toolSessions).values({
        toolId: tool.id,
        userId,
        context,
        state: { n: 1 },
        stateRev,
        offeredActions: [],
        updatedAt: new Date(),
      });
    await session(cast.user.id, 'default', 3);
    await session(cast.maintainer.id, 'default', 5);
    await session(cast.user.id, 'other', 7);
    const run = (requestedBy: string, sessionContext: string) =>
      queuedRun({ id: crypto.randomUUID(), toolId: tool.id, versionId: null, requestedBy, sessionContext });
    const mine = run(cast.user.id, 'default');
    const theirs = run(cast.maintainer.id, 'default');
    const fresh = run(cast.admin.id, 'default');
    expect(await runs.insert(mine)).toEqual({ stateRev: 3 });
    expect(await runs.insert(theirs)).toEqual({ stateRev: 5 });
    expect(await runs.insert(fresh)).toEqual({ stateRev: 0 });
    expect((await runs.findWithStateRev(mine.id))?.stateRev).toBe(3);
    expect((await runs.findWithStateRev(theirs.id))?.stateRev).toBe(5);
    expect(await runs.findWithStateRev(fresh.id)).toMatchObject({ run: { id: fresh.id }, stateRev: 0 });
    expect(await runs.findWithStateRev(crypto.randomUUID())).toBeNull();
    // A worker's claim reports it too (its 'running' event shows the run without another read).
    const now = new Date();
    const claims = new Map<string, number>();
    for (let claimed; (claimed = await runs.claimNext('w', now, new Date(now.getTime() + 10_000)));)
      claims.set(claimed.run.id, claimed.stateRev);
    expect(claims).toEqual(
      new Map([
        [mine.id, 3],
        [theirs.id, 5],
        [fresh.id, 0],
      ]),
    );
  });

  it('stores an outcome with its artifacts and session only for the attempt that owns the run, all in one', async () => {
    const { runs, cast, queue, tool } = await setUp();
    const sessions = new DrizzleToolSessionRepo(database.db);
    const key = { toolId: tool.id, userId: cast.user.id, context: 'default' };
    const [id] = await queue(cast.user.id, 1, 0);
    await claim(runs);
    const artifact = (path: string) => ({
      id: crypto.randomUUID(),
      runId: id!,
      path,
      bytes: 2 ** 40,
      storageKey: `runs/${id}/${path}`,
      contentType: 'text/plain',
    });
    const outcome = {
      ...succeededOutcome(),
      uiPayload: { outputs: [{ kind: 'markdown', markdown: 'Klart' }] },
    };
    const offered = { key, state: { steg: 2 }, offeringRunId: id!, offeredActions: [{ action_id: 'nästa' }] };

    // A stale attempt (the run was reaped and claimed again) writes nothing: no outcome, artifacts or session.
    expect(await runs.finish(id!, 2, outcome, [artifact('output/a.txt')], offered)).toBeNull();
    expect((await runs.findById(id!))?.status).toBe('running');
    expect(await runs.listArtifacts(id!)).toEqual([]);
    expect(await sessions.find(key)).toBeNull();

    const stored = await runs.finish(
      id!,
      1,
      { ...outcome, stdout: 'hej\n', durationMs: 42 },
      [artifact('output/b.txt'), artifact('output/a.txt')],
      offered,
    );
    expect(stored?.stateRev).toBe(1);
    expect(stored?.run).toEqual(await runs.findById(id!));
    expect(stored?.run).toMatchObject({
      status: 'succeeded',
      stdout: 'hej\n',
      durationMs: 42,
      uiPayload: outcome.uiPayload,
      leaseExpiresAt: null,
      finishedAt: outcome.finishedAt,
    });
    expect((await runs.listArtifacts(id!)).map((a) => [a.path, a.bytes])).toEqual([
      ['output/a.txt', 2 ** 40],
      ['output/b.txt', 2 ** 40],
    ]);
    expect(await sessions.find(key)).toEqual({
      state: { steg: 2 },
      stateRev: 1,
      offeringRunId: id,
      offeredActions: [{ action_id: 'nästa' }],
    });
    // Finished once: a second finish of the same attempt finds nothing to store.
    expect(await runs.finish(id!, 1, outcome, [], offered)).toBeNull();
    expect(await runs.listArtifacts(id!)).toHaveLength(2);
  });

  it("stores a run only while its user has room and its tool still runs the run's version", async () => {
    const { runs, cast, tool, services } = await setUp();
    const first = await publishFirst(services, cast.admin, tool.id);
    const run = (requestedBy: string, versionId: string | null = first.id) =>
      queuedRun({ id: crypto.randomUUID(), toolId: tool.id, versionId, requestedBy });

    const stored = [run(cast.user.id), run(cast.user.id)];
    for (const r of stored) expect(await runs.insertAdmitted(r, 2)).toEqual({ stateRev: 0 });
    expect(await runs.findById(stored[0]!.id)).toMatchObject({ status: 'queued', versionId: first.id });
    // The third of a user with room for two is not stored; another user's is.
    const third = run(cast.user.id);
    expect(await runs.insertAdmitted(third, 2)).toBeNull();
    expect(await runs.findById(third.id)).toBeNull();
    expect(await runs.insertAdmitted(run(cast.maintainer.id), 2)).toEqual({ stateRev: 0 });
    // A running run still counts; a finished one frees its place.
    await claim(runs);
    expect(await runs.insertAdmitted(run(cast.user.id), 2)).toBeNull();
    await runs.cancel(stored[1]!.id, new Date());
    expect(await runs.insertAdmitted(third, 2)).toEqual({ stateRev: 0 });

    // A version that is no longer the tool's active one, or a tool taken down, stores nothing.
    const second = await save(services, cast.admin, tool.id, 'Andra');
    await services.versions.submitForReview(cast.admin, second.id, '');
    await services.versions.publishVersion(cast.admin, second.id, '');
    expect(await runs.insertAdmitted(run(cast.admin.id), 9)).toBeNull();
    const current = run(cast.admin.id, second.id);
    expect(await runs.insertAdmitted(current, 9)).toEqual({ stateRev: 0 });
    expect(await runs.findById(current.id)).toEqual(current);
    await services.tools.setPublished(cast.admin, tool.id, false);
    expect(await runs.insertAdmitted(run(cast.admin.id, second.id), 9)).toBeNull();
  });

  it('stores a run handed straight to a worker (as running) only while no run is queued', async () => {
    const { runs, cast, tool, services } = await setUp();
    const version = await publishFirst(services, cast.admin, tool.id);
    const now = new Date('2026-12-03T11:00:00.000Z');
    const handed = (requestedBy: string) => ({
      ...queuedRun({ id: crypto.randomUUID(), toolId: tool.id, versionId: version.id, requestedBy }),
      status: 'running' as const,
      startedAt: now,
      workerId: 'här#0',
      attempt: 1,
      leaseExpiresAt: new Date(now.getTime() + 30_000),
    });

    const first = handed(cast.user.id);
    expect(await runs.insertAdmitted(first, 2, { whenNoneQueued: true })).toEqual({ stateRev: 0 });
    expect(await runs.findById(first.id)).toEqual(first);
    // Running runs do not stop it; the user's limit still holds.
    expect(await runs.insertAdmitted(handed(cast.user.id), 2, { whenNoneQueued: true })).toEqual({
      stateRev: 0,
    });
    expect(await runs.insertAdmitted(handed(cast.user.id), 2, { whenNoneQueued: true })).toBeNull();

    // A run waiting its turn, anyone's: a handed run would pass it, so none is stored; queued, it is.
    const waiting = queuedRun({
      id: crypto.randomUUID(),
      toolId: tool.id,
      versionId: version.id,
      requestedBy: cast.maintainer.id,
    });
    expect(await runs.insertAdmitted(waiting, 2)).toEqual({ stateRev: 0 });
    const blocked = handed(cast.admin.id);
    expect(await runs.insertAdmitted(blocked, 2, { whenNoneQueued: true })).toBeNull();
    expect(await runs.findById(blocked.id)).toBeNull();
    const queued = queuedRun({
      id: blocked.id,
      toolId: tool.id,
      versionId: version.id,
      requestedBy: cast.admin.id,
    });
    expect(await runs.insertAdmitted(queued, 2)).toEqual({ stateRev: 0 });
    expect(await runs.findById(blocked.id)).toMatchObject({ status: 'queued', workerId: null, attempt: 0 });
  });
});
