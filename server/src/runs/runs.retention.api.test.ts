import type { RunView } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, runTool } from '../../test/runs-fixtures';

const DAY = 86_400_000;

describe('retention', () => {
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
        '    open(o + "/rapport.txt", "w").write("innehåll")',
        '    return ",".join(f["name"] for f in list_input_files()) or "-"',
      ]),
      inputSchema: [{ name: 'fil', label: 'Fil', kind: 'file', min: 0, max: 1 }],
    });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('expires run files, then session files, then whole runs, and the run page says so', async () => {
    const run = await runTool(teacher, slug, {}, [{ name: 'klass.csv', content: 'a;b' }]);
    const downloadUrl = run.artifacts[0]!.downloadUrl;
    expect((await teacher.get(downloadUrl)).statusCode).toBe(200);

    const nothingYet = await ctx.runtime.retention.runOnce(new Date(Date.now() + 60_000));
    expect(nothingYet).toMatchObject({ runFilesExpired: 0, sessionFilesRemoved: 0, runsDeleted: 0 });

    const report = await ctx.runtime.retention.runOnce(new Date(Date.now() + 31 * DAY));
    expect(report.runFilesExpired).toBeGreaterThanOrEqual(1);
    expect(report.sessionFilesRemoved).toBe(1);
    const expired = (await teacher.get(`/api/v1/runs/${run.id}`)).json<RunView>();
    expect(expired).toMatchObject({ filesExpired: true, artifacts: [], status: 'succeeded' });
    expect(expired.uiPayload).toEqual(run.uiPayload);
    const gone = await teacher.get(downloadUrl);
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.message).toContain('för gammal');
    const history = (await teacher.get('/api/v1/me/runs')).json<{
      items: { id: string; filesExpired: boolean }[];
    }>();
    expect(history.items.find((item) => item.id === run.id)?.filesExpired).toBe(true);

    const reused = await runTool(teacher, slug, {}, [], { sessionFilesMode: 'reuse' });
    expect((reused.uiPayload as { outputs: { html: string }[] }).outputs[0]!.html).toBe('-');

    const late = await ctx.runtime.retention.runOnce(new Date(Date.now() + 366 * DAY));
    expect(late.runsDeleted).toBeGreaterThanOrEqual(2);
    expect((await teacher.get(`/api/v1/runs/${run.id}`)).statusCode).toBe(404);
    expect(late.loginEventsDeleted).toBeGreaterThanOrEqual(1);
  });
});
