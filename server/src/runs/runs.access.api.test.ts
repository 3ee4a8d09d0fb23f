import type { RunView } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, runTool, startRun, waitForRun } from '../../test/runs-fixtures';
import type { ClaimedRun } from './runs.ports';

describe('runs: ownership, cancel, events, downloads and upload rules', () => {
  let ctx: TestContext;
  let anna: TestClient;
  let bertil: TestClient;
  let bertilId: string;
  let fileSlug: string;
  let sleepSlug: string;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 1, env: { SKRIPTOTEKET_UPLOAD_MAX_FILE_MB: '1' } });
    anna = await ctx.signedIn('user');
    const signedBertil = await ctx.signedIn('user');
    bertil = signedBertil;
    bertilId = signedBertil.user.id;
    fileSlug = await publishTool(ctx, {
      source: py([
        'def run_tool(i, o):',
        '    open(o + "/Närvaro åk 9.txt", "w").write("närvarande")',
        '    return "klart"',
      ]),
      inputSchema: [
        { name: 'lista', label: 'Lista', kind: 'file', min: 1, max: 2, accept: ['.xlsx', 'text/csv'] },
      ],
    });
    sleepSlug = await publishTool(ctx, {
      source: py(['import time', 'def run_tool(i, o):', '    time.sleep(30)']),
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it("hides another user's run, its events, artifacts, cancel and actions behind 404", async () => {
    const run = await runTool(anna, fileSlug, {}, [{ name: 'elever.csv', content: 'x', type: 'text/csv' }]);
    expect(run.status).toBe('succeeded');
    const artifact = run.artifacts[0]!;
    for (const response of [
      await bertil.get(`/api/v1/runs/${run.id}`),
      await bertil.get(`/api/v1/runs/${run.id}/events`),
      await bertil.get(artifact.downloadUrl),
      await bertil.post(`/api/v1/runs/${run.id}/cancel`),
      await bertil.post(`/api/v1/runs/${run.id}/actions`, { actionId: 'x', input: {}, expectedStateRev: 0 }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('elever');
    }
    expect((await bertil.get('/api/v1/me/runs')).json().items).toEqual([]);
    expect((await anna.get('/api/v1/me/runs')).json().items[0]).toMatchObject({
      id: run.id,
      toolSlug: fileSlug,
      artifactCount: 1,
    });
  });

  it('pages through the history newest first with a stable cursor', async () => {
    const carl = await ctx.signedIn('user');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await runTool(carl, fileSlug, {}, [{ name: `f${i}.csv`, content: 'x' }])).id);
    const first = (await carl.get('/api/v1/me/runs?limit=2')).json<{
      items: { id: string }[];
      nextCursor: string;
    }>();
    expect(first.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
    const second = (await carl.get(`/api/v1/me/runs?limit=2&cursor=${first.nextCursor}`)).json<{
      items: { id: string }[];
      nextCursor: string | null;
    }>();
    expect(second).toEqual({
      items: [expect.objectContaining({ id: ids[0], inputFiles: [{ name: 'f0.csv', bytes: 1 }] })],
      nextCursor: null,
    });
    expect((await carl.get('/api/v1/me/runs?cursor=inte-giltig')).statusCode).toBe(422);
  });

  it('serves an artifact as a download with its exact Unicode name and type', async () => {
    const run = await runTool(anna, fileSlug, {}, [{ name: 'elever.csv', content: 'x' }]);
    const download = await anna.get(run.artifacts[0]!.downloadUrl);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="N_rvaro _k 9.txt"; filename*=UTF-8''N%C3%A4rvaro%20%C3%A5k%209.txt`,
    );
    expect(download.body).toBe('närvarande');
  });

  it('streams status changes as server-sent events until the run is over', async () => {
    const started = (await startRun(anna, fileSlug, {}, [{ name: 'a.csv', content: 'x' }])).json<RunView>();
    const events = await anna.get(`/api/v1/runs/${started.id}/events`);
    expect(events.headers['content-type']).toContain('text/event-stream');
    const statuses = [...events.body.matchAll(/"status":"(\w+)"/g)].map((m) => m[1]);
    expect(statuses.at(-1)).toBe('succeeded');
    expect(events.body).toMatch(/^event: run\ndata: \{/);
  });

  it("the stream's final event is the run exactly as GET /runs/{id} shows it (artifacts in byte order, state, actions)", async () => {
    const slug = await publishTool(ctx, {
      source: py([
        'def run_tool(i, o):',
        '    for name in ["ö.txt", "B.txt", "Å.txt", "a.txt"]:',
        '        open(o + "/" + name, "w").write(name)',
        '    print("klart")',
        '    return {"outputs": [{"kind": "markdown", "markdown": "**Klart**"}], "state": {"steg": 2},',
        '            "next_actions": [{"action_id": "vidare", "label": "Vidare", "kind": "form", "fields": []}]}',
      ]),
    });
    for (const client of [anna, await ctx.signedIn('contributor')]) {
      const started = (await startRun(client, slug)).json<RunView>();
      const events = await client.get(`/api/v1/runs/${started.id}/events`);
      const views = [...events.body.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as RunView);
      const final = views.at(-1)!;
      expect(final.status).toBe('succeeded');
      expect(final.artifacts.map((a) => a.path)).toEqual(
        ['B.txt', 'a.txt', 'Å.txt', 'ö.txt'].map((n) => `output/${n}`),
      );
      expect(final.session.stateRev).toBeGreaterThan(0);
      expect(final).toEqual((await client.get(`/api/v1/runs/${started.id}`)).json());
    }
  });

  it("a 'running' event carries the claimed run, shown exactly as GET /runs/{id} shows it then", async () => {
    const carla = await ctx.signedIn('user');
    // The only worker is busy: carla's run waits in the queue until anna's is cancelled.
    const blocker = (await startRun(anna, sleepSlug)).json<RunView>();
    const waiting = (await startRun(carla, sleepSlug)).json<RunView>();
    expect(waiting.status).toBe('queued');
    const claimed = new Promise<ClaimedRun>((resolve) => {
      const stop = ctx.runtime.events.subscribe(waiting.id, (event) => {
        if (event.claimed) {
          stop();
          resolve(event.claimed);
        }
      });
    });
    await anna.post(`/api/v1/runs/${blocker.id}/cancel`);
    const record = await claimed;
    const shown = await ctx.services.runs.presentClaimed({ id: carla.user.id, role: 'user' }, record);
    expect(shown).toMatchObject({ id: waiting.id, status: 'running' });
    expect(shown).toEqual((await carla.get(`/api/v1/runs/${waiting.id}`)).json());
    // Only its own user sees it.
    expect(await ctx.services.runs.presentClaimed({ id: bertilId, role: 'user' }, record)).toBeNull();
    await carla.post(`/api/v1/runs/${waiting.id}/cancel`);
    expect((await waitForRun(carla, waiting.id)).status).toBe('cancelled');
  });

  it('cancels a running run (its sandbox is killed) and a queued one (it never runs)', async () => {
    const running = (await startRun(anna, sleepSlug)).json<RunView>();
    const queued = (await startRun(anna, sleepSlug)).json<RunView>();
    for (
      let i = 0;
      i < 100 && (await anna.get(`/api/v1/runs/${running.id}`)).json().status !== 'running';
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const stopQueued = await anna.post(`/api/v1/runs/${queued.id}/cancel`);
    expect(stopQueued.json()).toMatchObject({ status: 'cancelled' });
    const before = Date.now();
    await anna.post(`/api/v1/runs/${running.id}/cancel`);
    expect((await waitForRun(anna, running.id)).status).toBe('cancelled');
    const next = await runTool(anna, fileSlug, {}, [{ name: 'a.csv', content: 'x' }]);
    expect(next.status).toBe('succeeded');
    expect(Date.now() - before).toBeLessThan(10_000);
    expect((await waitForRun(anna, queued.id)).startedAt).toBeNull();
  });

  it('counts runs by status and tool, their duration, queue wait and queue depth in /metrics', async () => {
    await runTool(anna, fileSlug, {}, [{ name: 'a.csv', content: 'x' }]);
    const metrics = (await ctx.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      new RegExp(`skriptoteket_runs_finished_total\\{status="succeeded",tool="${fileSlug}"\\} [1-9]`),
    );
    expect(metrics).toMatch(/skriptoteket_run_duration_seconds_count\{status="succeeded"\} [1-9]/);
    expect(metrics).toMatch(/skriptoteket_run_queue_wait_seconds_count [1-9]/);
    expect(metrics).toMatch(/skriptoteket_run_queue_depth \d+/);
  });

  it('enforces the upload rules on the server with messages naming the file', async () => {
    const wrongType = await startRun(anna, fileSlug, {}, [
      { name: 'elever.txt', content: 'x', type: 'text/plain' },
    ]);
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().error.details.issues[0].message).toContain('elever.txt');
    const missing = await startRun(anna, fileSlug, {});
    expect(missing.statusCode).toBe(422);
    const duplicate = await startRun(anna, fileSlug, {}, [
      { name: 'a.csv', content: '1' },
      { name: 'a.csv', content: '2' },
    ]);
    expect(duplicate.statusCode).toBe(422);
    const tooBig = await startRun(anna, fileSlug, {}, [
      { name: 'stor.csv', content: Buffer.alloc(1_100_000) },
    ]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.message).toContain('stor.csv');
    const noFileField = await startRun(anna, sleepSlug, {}, [{ name: 'a.csv', content: 'x' }]);
    expect(noFileField.statusCode).toBe(422);
    const unknownInput = await startRun(anna, sleepSlug, { hemlig: 1 });
    expect(unknownInput.statusCode).toBe(422);
  });
});
