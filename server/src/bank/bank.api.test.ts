import type { RunView, ToolExport } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { waitForRun } from '../../test/runs-fixtures';

describe('sample runs and tool export/import over HTTP', () => {
  let ctx: TestContext;
  let teacher: TestClient;
  let colleague: TestClient;
  let admin: TestClient & { user: { id: string } };
  let contributor: TestClient;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 1 });
    admin = await ctx.signedIn('admin');
    teacher = await ctx.signedIn('user');
    colleague = await ctx.signedIn('user');
    contributor = await ctx.signedIn('contributor');
    await ctx.services.bankSeeder.seed({ id: admin.user.id, role: 'admin' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  const toolId = async (slug: string) =>
    (await teacher.get(`/api/v1/tools/${slug}`)).json<{ id: string }>().id;

  it(
    'runs a bank tool on its sample files for a teacher who uploads nothing',
    { timeout: 60_000 },
    async () => {
      const samples = await teacher.get('/api/v1/tools/gruppgenerator/samples');
      expect(samples.statusCode).toBe(200);
      expect(samples.json()).toEqual({
        items: [
          { name: 'historik-grupper.csv', bytes: expect.any(Number) },
          { name: 'klasslista-7b.csv', bytes: expect.any(Number) },
        ],
      });
      const started = await teacher.post('/api/v1/tools/gruppgenerator/sample-runs', {});
      expect(started.statusCode, started.body).toBe(202);
      const run = await waitForRun(teacher, started.json<RunView>().id, 45_000);
      expect(run.status, run.errorSummary ?? '').toBe('succeeded');
      expect(run.inputFiles.map((f) => f.name)).toEqual(['historik-grupper.csv', 'klasslista-7b.csv']);
      const outputs = (run.uiPayload as { outputs: { kind: string }[] }).outputs;
      expect(outputs.some((o) => o.kind === 'table')).toBe(true);
      expect(run.artifacts.map((a) => a.path).sort()).toEqual([
        'output/grupper.docx',
        'output/grupper.xlsx',
        'output/historik.csv',
      ]);
      // The run is the teacher's own, like any run.
      expect((await colleague.get(`/api/v1/runs/${run.id}`)).statusCode).toBe(404);
      const history = await teacher.get('/api/v1/me/runs?tool=gruppgenerator');
      expect(history.json<{ items: { id: string }[] }>().items.map((r) => r.id)).toContain(run.id);
    },
  );

  it('continues a multi-step bank tool from its sample run', { timeout: 90_000 }, async () => {
    const started = await teacher.post('/api/v1/tools/html-till-pdf/sample-runs', { inputs: {} });
    expect(started.statusCode, started.body).toBe(202);
    const preview = await waitForRun(teacher, started.json<RunView>().id, 45_000);
    expect(preview.status, preview.errorSummary ?? '').toBe('succeeded');
    const action = await teacher.post(`/api/v1/runs/${preview.id}/actions`, {
      actionId: 'skapa_pdf',
      input: { filnamn: 'inbjudan', format: 'a4-staende', marginal: 20 },
      expectedStateRev: preview.session.stateRev,
    });
    expect(action.statusCode, action.body).toBe(202);
    const pdf = await waitForRun(teacher, action.json<RunView>().id, 45_000);
    expect(pdf.status, pdf.errorSummary ?? '').toBe('succeeded');
    expect(pdf.artifacts.map((a) => a.path)).toEqual(['output/inbjudan.pdf']);
  });

  it('answers 404 for a tool without samples or one that is not published', async () => {
    const id = await toolId('provmakare');
    await admin.post(`/api/v1/admin/tools/${id}/depublish`);
    const hidden = await teacher.post('/api/v1/tools/provmakare/sample-runs', {});
    expect(hidden.statusCode).toBe(404);
    expect((await teacher.get('/api/v1/tools/provmakare/samples')).json()).toEqual({ items: [] });
    await admin.post(`/api/v1/admin/tools/${id}/publish`);
    expect(
      (await teacher.get('/api/v1/tools/provmakare/samples')).json<{ items: unknown[] }>().items,
    ).toHaveLength(1);
  });

  it(
    'exports a tool as a JSON download and imports it back for admins only',
    { timeout: 60_000 },
    async () => {
      const id = await toolId('vardnadshavare-epost');
      expect((await contributor.get(`/api/v1/admin/tools/${id}/export`)).statusCode).toBe(403);
      const response = await admin.get(`/api/v1/admin/tools/${id}/export`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="vardnadshavare-epost-\d{4}-\d{2}-\d{2}\.skriptoteket\.json"/,
      );
      const doc = response.json<ToolExport>();
      expect(doc.versions).toHaveLength(1);
      expect(doc.samples.map((s) => s.name)).toEqual(['klassexport-5a.csv']);

      const clash = await admin.post('/api/v1/admin/tools/import', doc);
      expect(clash.statusCode).toBe(422);
      expect(clash.json().error.details.issues[0]).toMatchObject({ path: ['tool', 'slug'] });
      const notJson = await admin.request({
        method: 'POST',
        url: '/api/v1/admin/tools/import',
        payload: '{"format": ',
        headers: { 'content-type': 'application/json' },
      });
      // Not JSON at all is refused at the edge, like any unreadable body (400), before the import looks at it.
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().error.code).toBe('BAD_REQUEST');
      expect((await contributor.post('/api/v1/admin/tools/import', doc)).statusCode).toBe(403);

      const copy = { ...doc, tool: { ...doc.tool, slug: 'epost-kopia', title: 'E-post (kopia)' } };
      const imported = await admin.post('/api/v1/admin/tools/import', copy);
      expect(imported.statusCode, imported.body).toBe(201);
      expect(imported.json()).toMatchObject({
        slug: 'epost-kopia',
        versionCount: 1,
        sampleCount: 1,
        isPublished: false,
      });
      const audit = await admin.get(`/api/v1/admin/tools/${imported.json<{ id: string }>().id}/audit`);
      expect(audit.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toEqual([
        'tool.imported',
      ]);
    },
  );
});
