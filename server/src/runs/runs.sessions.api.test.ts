import type { RunView } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, runTool, waitForRun } from '../../test/runs-fixtures';

const MULTI_STEP = py([
  'from skriptoteket_toolkit import get_action_parts, read_settings',
  'def run_tool(i, o):',
  '    action, data, state = get_action_parts()',
  '    if action is None:',
  '        state = {"big": 2**256 + 1, "steps": []}',
  '    else:',
  '        state = {"big": state["big"] + 1, "steps": state["steps"] + [data]}',
  '    return {',
  '        "outputs": [{"kind": "json", "value": {"action": action, "state": state, "settings": read_settings()}}],',
  '        "next_actions": [{"action_id": "next", "label": "Nästa", "kind": "form",',
  '                          "fields": [{"name": "antal", "label": "Antal", "kind": "integer"},',
  '                                     {"name": "färg", "label": "Färg", "kind": "enum", "options": [{"value": "röd", "label": "Röd"}]}],',
  '                          "prefill": {"antal": 2, "färg": "blå"}}],',
  '        "state": state,',
  '    }',
]);

describe('multi-step tools, session files and settings', () => {
  let ctx: TestContext;
  let teacher: TestClient;
  let slug: string;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 2 });
    teacher = await ctx.signedIn('user');
    slug = await publishTool(ctx, {
      source: MULTI_STEP,
      settingsSchema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const act = (run: RunView, body: Record<string, unknown>) =>
    teacher.post(`/api/v1/runs/${run.id}/actions`, body);

  it('continues with the offered action on server-held state; integers beyond 2^53 stay exact', async () => {
    const first = await runTool(teacher, slug);
    expect(first.status).toBe('succeeded');
    const offered = (first.uiPayload as { next_actions: { action_id: string; prefill: object }[] })
      .next_actions;
    expect(offered).toEqual([expect.objectContaining({ action_id: 'next', prefill: { antal: 2 } })]);
    expect(first.session.stateRev).toBe(1);

    const accepted = await act(first, {
      actionId: 'next',
      input: { antal: '3', färg: 'röd' },
      expectedStateRev: 1,
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const second = await waitForRun(teacher, accepted.json<RunView>().id);
    expect(second).toMatchObject({
      status: 'succeeded',
      parentRunId: first.id,
      actionId: 'next',
      session: { stateRev: 2 },
    });
    const raw = (await teacher.get(`/api/v1/runs/${second.id}`)).body;
    expect(raw).toContain(`"big":${(2n ** 256n + 2n).toString()}`);
    expect(raw).toContain('"steps":[{"antal":3,"färg":"röd"}]');
  });

  it('refuses unknown actions (422), stale state (409), invalid input (422) and older runs (409), running nothing', async () => {
    const first = await runTool(teacher, slug);
    const rev = first.session.stateRev;
    const unknown = await act(first, { actionId: 'hack', input: {}, expectedStateRev: rev });
    expect(unknown.statusCode).toBe(422);
    const stale = await act(first, { actionId: 'next', input: {}, expectedStateRev: rev - 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details.reason).toBe('STALE_STATE');
    const badInput = await act(first, { actionId: 'next', input: { antal: 'tre' }, expectedStateRev: rev });
    expect(badInput.statusCode).toBe(422);
    expect(badInput.json().error.details.issues[0].path).toContain('antal');
    const unknownField = await act(first, { actionId: 'next', input: { okänd: 1 }, expectedStateRev: rev });
    expect(unknownField.statusCode).toBe(422);

    await runTool(teacher, slug);
    const older = await act(first, { actionId: 'next', input: {}, expectedStateRev: rev + 1 });
    expect(older.statusCode).toBe(409);
    const history = (await teacher.get('/api/v1/me/runs?limit=100')).json<{
      items: { actionId?: string; inputsSummary: string }[];
    }>();
    expect(history.items.filter((r) => r.inputsSummary.includes('antal: tre'))).toEqual([]);
  });

  it('stores settings per user and hands them to the tool in memory.json', async () => {
    expect((await teacher.get(`/api/v1/tools/${slug}/settings`)).json()).toEqual({
      schema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
      values: {},
    });
    const saved = await teacher.request({
      method: 'PUT',
      url: `/api/v1/tools/${slug}/settings`,
      payload: { values: { skola: '  Tallbacka  ' } },
    });
    expect(saved.json().values).toEqual({ skola: 'Tallbacka' });
    const invalid = await teacher.request({
      method: 'PUT',
      url: `/api/v1/tools/${slug}/settings`,
      payload: { values: { okänd: 1 } },
    });
    expect(invalid.statusCode).toBe(422);
    const run = await runTool(teacher, slug);
    expect(
      (run.uiPayload as { outputs: { value: { settings: unknown } }[] }).outputs[0]!.value.settings,
    ).toEqual({ skola: 'Tallbacka' });
    const colleague = await ctx.signedIn('user');
    expect((await colleague.get(`/api/v1/tools/${slug}/settings`)).json().values).toEqual({});
  });
});

describe('session files', () => {
  let ctx: TestContext;
  let teacher: TestClient;
  let slug: string;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 1 });
    teacher = await ctx.signedIn('user');
    slug = await publishTool(ctx, {
      source: py([
        'from skriptoteket_toolkit import list_input_files',
        'def run_tool(i, o):',
        '    return ",".join(f["name"] for f in list_input_files()) or "-"',
      ]),
      inputSchema: [
        { name: 'filer', label: 'Filer', kind: 'file', min: 0, max: 3, accept: ['.csv', '.txt'] },
      ],
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const html = (run: RunView) => (run.uiPayload as { outputs: { html: string }[] }).outputs[0]!.html;

  it('keeps a first run’s uploads for later runs: none, reuse and clear', async () => {
    expect(html(await runTool(teacher, slug, {}, [{ name: 'klass.csv', content: 'a,b' }]))).toBe('klass.csv');
    expect(html(await runTool(teacher, slug))).toBe('-');
    const reused = await runTool(teacher, slug, {}, [], { sessionFilesMode: 'reuse' });
    expect(html(reused)).toBe('klass.csv');
    expect(reused.inputFiles).toEqual([{ name: 'klass.csv', bytes: 3 }]);
    expect(html(await runTool(teacher, slug, {}, [], { sessionFilesMode: 'clear' }))).toBe('-');
    expect(html(await runTool(teacher, slug, {}, [], { sessionFilesMode: 'reuse' }))).toBe('-');
  });
});
