import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { RunView } from '@skriptoteket/contracts';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, startRun, waitForRun } from '../../test/runs-fixtures';
import { runs } from '../db/schema/index';

/** Opens a run's event stream over a real socket; resolves with its status once the head arrives. */
function openStream(address: string, client: TestClient, runId: string) {
  const { hostname, port } = new URL(address);
  return new Promise<{ status: number; close: () => void }>((resolve, reject) => {
    const request = http.get(
      {
        hostname,
        port,
        path: `/api/v1/runs/${runId}/events`,
        agent: false,
        headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, close: () => request.destroy() });
      },
    );
    request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
  });
}

async function finished(client: TestClient, slug: string) {
  const started = await startRun(client, slug);
  expect(started.statusCode, started.body).toBe(202);
  return waitForRun(client, started.json<RunView>().id, 60_000);
}

/** One user can never hurt the others: a fair queue, a cap on event streams, no huge leftovers of failed runs. */
describe('fairness between users, with a real worker and sandbox', () => {
  let ctx: TestContext;
  let address: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      workers: 1,
      env: {
        SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER: '200',
        SKRIPTOTEKET_RUN_EVENT_STREAMS_PER_USER: '2',
        SKRIPTOTEKET_RUN_DISK_MB: '8',
        SKRIPTOTEKET_FAILED_RUN_ARTIFACT_MB: '1',
      },
    });
    address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('refuses a user’s third open event stream with 429; closing one makes room; others are not affected', async () => {
    const slug = await publishTool(ctx, {
      source: py(['import time', 'def run_tool(i, o):', '    time.sleep(30)']),
    });
    const teacher = await ctx.signedIn('user');
    const started = await teacher.post(`/api/v1/tools/${slug}/runs`, { inputs: '{}' });
    const runId = started.json<RunView>().id;
    const first = await openStream(address, teacher, runId);
    const second = await openStream(address, teacher, runId);
    const third = await openStream(address, teacher, runId);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);

    const colleague = await ctx.signedIn('user');
    const own = await colleague.post(`/api/v1/tools/${slug}/runs`, { inputs: '{}' });
    const theirs = await openStream(address, colleague, own.json<RunView>().id);
    expect(theirs.status).toBe(200);

    first.close();
    await expect.poll(async () => (await openStream(address, teacher, runId)).status).toBe(200);
    for (const stream of [second, third, theirs]) stream.close();
    await teacher.post(`/api/v1/runs/${runId}/cancel`);
    await colleague.post(`/api/v1/runs/${own.json<RunView>().id}/cancel`);
  }, 120_000);

  it('hands a run to an idle worker at once (running in the answer); with the worker busy it waits its turn', async () => {
    const quick = await publishTool(ctx, { source: py(['def run_tool(i, o):', '    return "<p>klar</p>"']) });
    const slow = await publishTool(ctx, {
      source: py(['import time', 'def run_tool(i, o):', '    time.sleep(30)']),
    });
    const teacher = await ctx.signedIn('user');
    // The one slot may still be finishing an earlier test's run: then the run is queued; cancel it and try again.
    let running: RunView | undefined;
    await expect
      .poll(
        async () => {
          const answer = (await startRun(teacher, slow)).json<RunView>();
          if (answer.status === 'running') running = answer;
          else await teacher.post(`/api/v1/runs/${answer.id}/cancel`);
          return answer.status;
        },
        { timeout: 30_000 },
      )
      .toBe('running');
    expect(running).toMatchObject({ startedAt: expect.any(String) });
    const colleague = await ctx.signedIn('user');
    const waiting = (await startRun(colleague, quick)).json<RunView>();
    expect(waiting.status).toBe('queued');

    await teacher.post(`/api/v1/runs/${running!.id}/cancel`);
    expect((await waitForRun(colleague, waiting.id, 60_000)).status).toBe('succeeded');
    const [stored] = await ctx.database.db.select().from(runs).where(eq(runs.id, running!.id));
    expect(stored).toMatchObject({ status: 'cancelled', attempt: 1, workerId: 'test#0' });
  });

  it('starts another user’s single run within a few of the runs of a user who queued 100', async () => {
    const slug = await publishTool(ctx, { source: py(['def run_tool(i, o):', '    return "klar"']) });
    const busy = await ctx.signedIn('user');
    const other = await ctx.signedIn('user');
    for (let i = 0; i < 100; i++) {
      const queued = await busy.post(`/api/v1/tools/${slug}/runs`, { inputs: '{}' });
      expect(queued.statusCode, queued.body).toBe(202);
    }
    const single = await other.post(`/api/v1/tools/${slug}/runs`, { inputs: '{}' });
    const done = await waitForRun(other, single.json<RunView>().id, 60_000);
    expect(done.status).toBe('succeeded');

    const backlog = await ctx.database.db
      .select({ id: runs.id, status: runs.status, startedAt: runs.startedAt, finishedAt: runs.finishedAt })
      .from(runs)
      .where(eq(runs.requestedBy, busy.user.id));
    const requestedAt = new Date(single.json<RunView>().requestedAt);
    const startedAt = new Date(done.startedAt!);
    const startedBetween = backlog.filter(
      (run) => run.startedAt && run.startedAt > requestedAt && run.startedAt < startedAt,
    );
    // The runs already started before it was queued finish; after that it is next in turn.
    expect(startedBetween.length).toBeLessThanOrEqual(2);
    expect(backlog.filter((run) => run.status === 'queued').length).toBeGreaterThan(50);
    for (const run of backlog.filter((r) => r.status === 'queued' || r.status === 'running'))
      await busy.post(`/api/v1/runs/${run.id}/cancel`);
    // Queued after the backlog, it still waited for no more than the run already in the sandbox.
    expect(startedAt.getTime() - requestedAt.getTime()).toBeLessThan(30_000);
  }, 300_000);

  it('keeps only the small files of a failed run, and none of a run stopped for filling the disk', async () => {
    const teacher = await ctx.signedIn('user');
    const crashing = await publishTool(ctx, {
      source: py([
        'import os',
        'def run_tool(input_dir, output_dir):',
        '    open(os.path.join(output_dir, "liten.txt"), "w").write("hej")',
        '    open(os.path.join(output_dir, "stor.bin"), "wb").write(b"x" * (2 << 20))',
        '    raise RuntimeError("mitt i arbetet")',
      ]),
    });
    const failed = await finished(teacher, crashing);
    expect(failed.status).toBe('failed');
    expect(failed.artifacts.map((a) => a.path)).toEqual(['output/liten.txt']);

    const filling = await publishTool(ctx, {
      source: py([
        'import os',
        'def run_tool(input_dir, output_dir):',
        '    open(os.path.join(output_dir, "liten.txt"), "w").write("hej")',
        '    i = 0',
        '    while True:',
        '        open(os.path.join(output_dir, "del-%04d" % i), "wb").write(b"x" * (1 << 20))',
        '        i += 1',
      ]),
    });
    const stopped = await finished(teacher, filling);
    expect(stopped).toMatchObject({ status: 'failed', errorCode: 'disk_limit', artifacts: [] });
    const stored = path.join(ctx.config.dataDir, 'files', 'runs', stopped.id, 'output');
    expect(fs.existsSync(stored) ? fs.readdirSync(stored) : []).toEqual([]);
  }, 120_000);
});
