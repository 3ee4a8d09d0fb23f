import type { RunView } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { multipart, publishTool, py, runTool, waitForRun, type UploadFile } from '../../test/runs-fixtures';
import type { Actor } from '../shared/actor';

const TOOL_SOURCE = py([
  'import sys',
  'from skriptoteket_toolkit import get_action_parts, list_input_files, read_inputs, read_settings',
  'def run_tool(i, o):',
  '    action, data, state = get_action_parts()',
  '    print("hej från stdout")',
  '    print("varning på stderr", file=sys.stderr)',
  '    steps = (state or {}).get("steps", 0) + (1 if action else 0)',
  '    open(o + "/svar.txt", "w").write("ok")',
  '    value = {"action": action, "input": data, "steps": steps, "inputs": read_inputs(),',
  '             "files": [f["name"] for f in list_input_files()], "settings": read_settings()}',
  '    return {"outputs": [{"kind": "json", "value": value}],',
  '            "next_actions": [{"action_id": "next", "label": "Nästa", "kind": "form",',
  '                              "fields": [{"name": "n", "label": "N", "kind": "integer"}]}],',
  '            "state": {"steps": steps}}',
]);

const snapshotOf = (sourceCode: string, extra: Record<string, unknown> = {}) => ({
  sourceCode,
  entrypoint: 'run_tool',
  inputSchema: [
    { name: 'klass', label: 'Klass', kind: 'string' },
    { name: 'lista', label: 'Lista', kind: 'file', min: 0, max: 1 },
  ],
  settingsSchema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
  usageInstructions: '',
  ...extra,
});

type Json = { value: Record<string, unknown> };
const jsonOutput = (run: RunView) => (run.uiPayload as { outputs: Json[] }).outputs[0]!.value;

async function waitForTestRun(client: TestClient, runId: string): Promise<RunView> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await client.get(`/api/v1/admin/test-runs/${runId}`);
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json<RunView>();
    if (!['queued', 'running'].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`test run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('test runs of unsaved content', () => {
  let ctx: TestContext;
  let admin: TestClient & { user: { id: string } };
  let maintainer: TestClient & { user: { id: string } };
  let otherContributor: TestClient;
  let teacher: TestClient;
  let toolId: string;

  const startTest = (
    client: TestClient,
    body: {
      snapshot?: unknown;
      inputs?: unknown;
      settings?: unknown;
      files?: UploadFile[];
      url?: string;
    } = {},
  ) => {
    const fields: Record<string, string> = {};
    if (body.snapshot !== undefined) fields['snapshot'] = JSON.stringify(body.snapshot);
    if (body.settings !== undefined) fields['settings'] = JSON.stringify(body.settings);
    const form = multipart(body.inputs ?? {}, body.files ?? [], fields);
    return client.request({
      method: 'POST',
      url: body.url ?? `/api/v1/admin/tools/${toolId}/test-runs`,
      payload: form.payload,
      headers: form.headers,
    });
  };
  const testRun = async (client: TestClient, body: Parameters<typeof startTest>[1]) => {
    const started = await startTest(client, body);
    expect(started.statusCode, started.body).toBe(202);
    return waitForTestRun(client, started.json<RunView>().id);
  };

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 2 });
    admin = await ctx.signedIn('admin');
    maintainer = await ctx.signedIn('contributor');
    otherContributor = await ctx.signedIn('contributor');
    teacher = await ctx.signedIn('user');
    const adminActor: Actor = { id: admin.user.id, role: 'admin' };
    const tool = await ctx.services.tools.createTool(adminActor, { title: 'Testbänk', summary: 'Prov.' });
    await ctx.services.tools.addMaintainer(adminActor, tool.id, { userId: maintainer.user.id });
    toolId = tool.id;
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('runs unsaved code for maintainers and admins; others get 404, a user 403, signed out 401', async () => {
    const snapshot = snapshotOf(TOOL_SOURCE);
    expect((await startTest(ctx.client(), { snapshot })).statusCode).toBe(401);
    expect((await startTest(teacher, { snapshot })).statusCode).toBe(403);
    const stranger = await startTest(otherContributor, { snapshot });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().error.code).toBe('NOT_FOUND');

    const run = await testRun(maintainer, { snapshot, inputs: { klass: ' 7B ' } });
    expect(run).toMatchObject({ kind: 'test', status: 'succeeded', versionId: null });
    expect(jsonOutput(run)).toMatchObject({ inputs: { klass: '7B' }, steps: 0 });
    expect((await testRun(admin, { snapshot })).status).toBe('succeeded');

    // Somebody else's test run does not exist for you, admin or not; nor on the run page's endpoints.
    expect((await admin.get(`/api/v1/admin/test-runs/${run.id}`)).statusCode).toBe(404);
    expect((await otherContributor.get(`/api/v1/admin/test-runs/${run.id}`)).statusCode).toBe(404);
    expect((await maintainer.get(`/api/v1/runs/${run.id}`)).statusCode).toBe(404);
  });

  it('returns stdout and stderr with truncation flags, the duration and downloadable artifacts', async () => {
    const run = await testRun(maintainer, { snapshot: snapshotOf(TOOL_SOURCE) });
    expect(run.stdout).toBe('hej från stdout\n');
    expect(run.stderr).toBe('varning på stderr\n');
    expect(run).toMatchObject({ isStdoutTruncated: false, isStderrTruncated: false });
    expect(run.durationMs).toBeGreaterThan(0);
    const [artifact] = run.artifacts;
    expect(artifact!.downloadUrl).toBe(`/api/v1/admin/test-runs/${run.id}/artifacts/${artifact!.id}`);
    const download = await maintainer.get(artifact!.downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('ok');
    // Downloaded, never rendered in the app's origin, never cached: the same headers as a real run's files.
    expect(download.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(download.headers['cache-control']).toBe('private, no-store');
    expect((await otherContributor.get(artifact!.downloadUrl)).statusCode).toBe(404);

    const noisy = await testRun(maintainer, {
      snapshot: snapshotOf(py(['def run_tool(i, o):', '    print("x" * 300000)', '    return "klart"'])),
    });
    expect(noisy).toMatchObject({ status: 'succeeded', isStdoutTruncated: true, isStderrTruncated: false });
    expect(noisy.stdout!.length).toBe(200_000);
  });

  it('checks the snapshot like saving a version and says what is wrong (422)', async () => {
    const badSchema = await startTest(maintainer, {
      snapshot: snapshotOf(TOOL_SOURCE, {
        inputSchema: [
          { name: 'a', label: 'A', kind: 'string' },
          { name: 'a', label: 'B', kind: 'string' },
        ],
      }),
    });
    expect(badSchema.statusCode).toBe(422);
    expect(badSchema.json().error.details.issues[0].path.slice(0, 2)).toEqual(['snapshot', 'inputSchema']);

    const broken = await startTest(maintainer, {
      snapshot: snapshotOf('def run_tool(i, o):\n    return (\n'),
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().error.message).toMatch(/^Koden går inte att kompilera \(rad \d+, kolumn \d+\)/);
    expect(broken.json().error.details).toMatchObject({
      reason: 'DOES_NOT_COMPILE',
      line: expect.any(Number),
    });

    const noSnapshot = await startTest(maintainer, {});
    expect(noSnapshot.statusCode).toBe(422);
    const badEntrypoint = await startTest(maintainer, {
      snapshot: snapshotOf(TOOL_SOURCE, { entrypoint: 'run tool' }),
    });
    expect(badEntrypoint.statusCode).toBe(422);
    expect(badEntrypoint.json().error.details.issues[0].path).toEqual(['snapshot', 'entrypoint']);
    expect(badEntrypoint.json().error.details.issues[0].message).toContain('Python-funktion');

    const badValues = await startTest(maintainer, {
      snapshot: snapshotOf(TOOL_SOURCE),
      inputs: { okänd: 1 },
      settings: { skola: ['inte', 'text'] },
    });
    expect(badValues.statusCode).toBe(422);
    const paths = badValues
      .json<{ error: { details: { issues: { path: string[] }[] } } }>()
      .error.details.issues.map((issue) => issue.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['inputs', 'settings']));
    const limits = (await maintainer.get('/api/v1/admin/test-runs/limits')).json();
    expect(limits).toEqual({ uploadLimits: ctx.config.uploads });
    const tooMany = await startTest(maintainer, {
      snapshot: snapshotOf(TOOL_SOURCE),
      files: [
        { name: 'a.csv', content: 'a' },
        { name: 'b.csv', content: 'b' },
      ],
    });
    expect(tooMany.statusCode).toBe(422);
  });

  it('continues a multi-step test run on the same unsaved snapshot, its state and its files', async () => {
    const first = await testRun(maintainer, {
      snapshot: snapshotOf(TOOL_SOURCE),
      settings: { skola: 'Provskolan' },
      files: [{ name: 'klass.csv', content: 'namn\nAda' }],
    });
    expect(jsonOutput(first)).toMatchObject({
      steps: 0,
      files: ['klass.csv'],
      settings: { skola: 'Provskolan' },
    });
    const act = (run: RunView, body: object) =>
      maintainer.post(`/api/v1/admin/test-runs/${run.id}/actions`, { expectedStateRev: 0, ...body });

    const accepted = await act(first, { actionId: 'next', input: { n: '4' } });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const second = await waitForTestRun(maintainer, accepted.json<RunView>().id);
    expect(second).toMatchObject({
      kind: 'test',
      status: 'succeeded',
      parentRunId: first.id,
      actionId: 'next',
    });
    expect(jsonOutput(second)).toMatchObject({
      action: 'next',
      input: { n: 4 },
      steps: 1,
      files: ['klass.csv'],
      settings: { skola: 'Provskolan' },
    });
    const third = await waitForTestRun(
      maintainer,
      (await act(second, { actionId: 'next', input: {} })).json<RunView>().id,
    );
    expect(jsonOutput(third)).toMatchObject({ steps: 2 });

    expect((await act(first, { actionId: 'hack', input: {} })).statusCode).toBe(422);
    expect((await act(first, { actionId: 'next', input: { n: 'fyra' } })).statusCode).toBe(422);
    const foreign = await otherContributor.post(`/api/v1/admin/test-runs/${first.id}/actions`, {
      actionId: 'next',
      input: {},
      expectedStateRev: 0,
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('test-runs saved versions, and never touches run history, sessions or settings', async () => {
    const adminActor: Actor = { id: admin.user.id, role: 'admin' };
    const slug = await publishTool(ctx, {
      source: TOOL_SOURCE,
      settingsSchema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
      inputSchema: [{ name: 'lista', label: 'Lista', kind: 'file', min: 0, max: 1 }],
    });
    const published = (await ctx.services.tools.listTools(adminActor, {})).find((t) => t.slug === slug)!;
    await ctx.services.tools.addMaintainer(adminActor, published.id, { userId: maintainer.user.id });
    expect(
      (
        await maintainer.request({
          method: 'PUT',
          url: `/api/v1/tools/${slug}/settings`,
          payload: { values: { skola: 'Riktiga skolan' } },
        })
      ).statusCode,
    ).toBe(200);
    const real = await runTool(maintainer, slug, {}, [{ name: 'riktig.csv', content: 'x' }]);
    expect(real.session.stateRev).toBe(1);

    const versions = (await ctx.services.versions.listVersions(adminActor, published.id)).map((v) => v.id);
    const byVersion = await startTest(maintainer, {
      url: `/api/v1/admin/versions/${versions[0]}/test-runs`,
      settings: { skola: 'Testskolan' },
      files: [{ name: 'prov.csv', content: 'y' }],
    });
    expect(byVersion.statusCode, byVersion.body).toBe(202);
    const versionRun = await waitForTestRun(maintainer, byVersion.json<RunView>().id);
    expect(versionRun).toMatchObject({ kind: 'test', status: 'succeeded', versionId: versions[0] });
    expect(jsonOutput(versionRun)).toMatchObject({ settings: { skola: 'Testskolan' }, files: ['prov.csv'] });
    const step = await maintainer.post(`/api/v1/admin/test-runs/${versionRun.id}/actions`, {
      actionId: 'next',
      input: {},
      expectedStateRev: 0,
    });
    await waitForTestRun(maintainer, step.json<RunView>().id);
    const stranger = await startTest(otherContributor, {
      url: `/api/v1/admin/versions/${versions[0]}/test-runs`,
    });
    expect(stranger.statusCode).toBe(404);

    const history = (await maintainer.get('/api/v1/me/runs?limit=100')).json<{ items: { id: string }[] }>();
    expect(history.items.map((item) => item.id)).toEqual([real.id]);
    const settings = (await maintainer.get(`/api/v1/tools/${slug}/settings`)).json();
    expect(settings.values).toEqual({ skola: 'Riktiga skolan' });
    const kept = (await maintainer.get(`/api/v1/tools/${slug}/session-files`)).json();
    expect(kept.items).toEqual([{ name: 'riktig.csv', bytes: 1 }]);
    // The real session still continues from the real run at the same revision.
    const next = await maintainer.post(`/api/v1/runs/${real.id}/actions`, {
      actionId: 'next',
      input: {},
      expectedStateRev: 1,
    });
    expect(next.statusCode, next.body).toBe(202);
    expect(jsonOutput(await waitForRun(maintainer, next.json<RunView>().id))).toMatchObject({
      steps: 1,
      files: ['riktig.csv'],
      settings: { skola: 'Riktiga skolan' },
    });
  });

  it('retention removes test runs and their files after a day, and keeps real runs', async () => {
    const run = await testRun(maintainer, { snapshot: snapshotOf(TOOL_SOURCE) });
    const early = await ctx.runtime.retention.runOnce(new Date(Date.now() + 3_600_000));
    expect((await maintainer.get(`/api/v1/admin/test-runs/${run.id}`)).statusCode).toBe(200);
    expect(early.runsDeleted).toBe(0);
    const history = (await maintainer.get('/api/v1/me/runs')).json<{ items: unknown[] }>().items.length;
    const late = await ctx.runtime.retention.runOnce(new Date(Date.now() + 25 * 3_600_000));
    expect(late.runsDeleted).toBeGreaterThanOrEqual(1);
    expect((await maintainer.get(`/api/v1/admin/test-runs/${run.id}`)).statusCode).toBe(404);
    expect((await maintainer.get(run.artifacts[0]!.downloadUrl)).statusCode).toBe(404);
    expect((await maintainer.get('/api/v1/me/runs')).json<{ items: unknown[] }>().items).toHaveLength(
      history,
    );
  });
});
