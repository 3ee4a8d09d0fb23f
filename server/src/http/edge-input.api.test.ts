import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { multipart, publishTool } from '../../test/runs-fixtures';

type Issue = { path: (string | number)[]; message: string };
const issuesOf = (body: string) =>
  (JSON.parse(body) as { error: { details?: { issues?: Issue[] } } }).error.details?.issues ?? [];
/** A GET with the path sent exactly as written (a URL object would resolve its dot segments). */
const rawGet = (address: string, rawPath: string) =>
  new Promise<number>((resolve, reject) => {
    const { hostname, port } = new URL(address);
    http
      .get({ hostname, port, path: rawPath }, (response) => resolve(response.resume().statusCode ?? 0))
      .on('error', reject);
  });
const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** One rule at the edge: what a careless or hostile caller sends is a 4xx naming the problem, never a 500. */
describe('the edge refuses input nothing behind it could handle', () => {
  let ctx: TestContext;
  let admin: TestClient;
  let teacher: TestClient;
  let slug: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-edge-tmp-'));
  const previousTmp = process.env['TMPDIR'];

  beforeAll(async () => {
    // Upload spools go to os.tmpdir(): a folder of this file's own, so leftovers can be counted.
    process.env['TMPDIR'] = tmp;
    ctx = await createTestContext();
    admin = await ctx.signedIn('admin');
    teacher = await ctx.signedIn('user');
    slug = await publishTool(ctx, {
      source: 'def run_tool(input_dir, output_dir):\n    return "ok"\n',
      inputSchema: [{ name: 'bilaga', kind: 'file', label: 'Bilaga', max: 2 }],
    });
  });
  afterAll(async () => {
    await ctx.close();
    if (previousTmp === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previousTmp;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('answers a NUL or a lone surrogate in body, query or path with 422 naming the field', async () => {
    const anonymous = ctx.client();
    const login = await anonymous.post('/api/v1/auth/login', { email: 'a\u0000@skola.se', password: 'x' });
    expect(login.statusCode, login.body).toBe(422);
    expect(issuesOf(login.body)[0]?.path).toEqual(['body', 'email']);

    const title = await admin.post('/api/v1/admin/tools', { title: 'Trasig \ud800 titel', summary: '' });
    expect(title.statusCode, title.body).toBe(422);
    expect(issuesOf(title.body)[0]?.path).toEqual(['body', 'title']);

    const nestedKey = await admin.post('/api/v1/admin/tools', {
      title: 'Ok',
      summary: '',
      x: { 'a\u0000': 1 },
    });
    expect(nestedKey.statusCode).toBe(422);
    expect(issuesOf(nestedKey.body)[0]?.path).toEqual(['body', 'x', 'a?']);

    const filter = await teacher.get('/api/v1/catalog/tools?q=%00');
    expect(filter.statusCode).toBe(422);
    expect(issuesOf(filter.body)[0]?.path).toEqual(['querystring', 'q']);

    const param = await teacher.get('/api/v1/tools/a%00b');
    expect(param.statusCode).toBe(422);
    expect(issuesOf(param.body)[0]?.path).toEqual(['params', 'slug']);

    const field = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${slug}/runs`,
      ...multipart({}, [], { rerunOf: '\u0000' }),
    });
    expect(field.statusCode, field.body).toBe(422);
    expect(issuesOf(field.body)[0]?.path).toEqual(['rerunOf']);
  });

  it('refuses JSON nested deeper than 64 levels with 400, in a body and in the run form’s inputs', async () => {
    const login = await ctx.client().request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":${deepJson(10_000)}}`,
    });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const run = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${slug}/runs`,
      headers: { 'content-type': 'application/json' },
      payload: `{"inputs":${JSON.stringify(`{"a":${deepJson(10_000)}}`)}}`,
    });
    expect(run.statusCode, run.body).toBe(400);
    // 64 levels are fine: the same form one level shallower reaches the input rules (no such field).
    const shallow = await teacher.post(`/api/v1/tools/${slug}/runs`, { inputs: `{"a":${deepJson(63)}}` });
    expect(shallow.statusCode, shallow.body).toBe(422);
    expect(issuesOf(shallow.body)[0]?.path).toEqual(['inputs', 'a']);
  });

  it('answers a history cursor that names no real place (not a UUID, a date out of range) with 422', async () => {
    const cursor = (raw: string) => Buffer.from(raw).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000001';
    for (const raw of [
      '2026-01-01T00:00:00.000Z|not-a-uuid',
      `+275760-09-13T00:00:00.000Z|${id}`,
      `0000-01-01T00:00:00.000Z|${id}`,
      'x',
    ]) {
      const response = await teacher.get(`/api/v1/me/runs?cursor=${cursor(raw)}`);
      expect(response.statusCode, raw).toBe(422);
      expect(issuesOf(response.body)[0]?.path).toEqual(['querystring', 'cursor']);
    }
    const good = await teacher.get(`/api/v1/me/runs?cursor=${cursor(`2026-01-01T00:00:00.000Z|${id}`)}`);
    expect(good.statusCode).toBe(200);
  });

  it('keeps the static files’ 4xx as 4xx: a path out of the folder, an unsatisfiable Range, a failed If-Match', async () => {
    const anonymous = ctx.client();
    // Over a real socket: an injected URL would have its dot segments resolved before routing.
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const traversal = await rawGet(address, '/api/docs/static/..');
    expect(traversal).toBeGreaterThanOrEqual(400);
    expect(traversal).toBeLessThan(500);
    const range = await anonymous.request({
      method: 'GET',
      url: '/api/docs/static/swagger-ui.css',
      headers: { range: 'bytes=999999999-' },
    });
    expect(range.statusCode).toBe(416);
    const ifMatch = await anonymous.request({
      method: 'GET',
      url: '/api/docs/static/swagger-ui.css',
      headers: { 'if-match': '"not-this-one"' },
    });
    expect(ifMatch.statusCode).toBe(412);
  });

  it('answers a multipart body without a boundary, or cut off mid-upload, with 400 and leaves no temp files', async () => {
    const noBoundary = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${slug}/runs`,
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'hello',
    });
    expect(noBoundary.statusCode, noBoundary.body).toBe(400);
    const full = multipart({}, [{ name: 'stor.txt', content: Buffer.alloc(200_000, 97) }]);
    const cutOff = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${slug}/runs`,
      headers: full.headers,
      payload: full.payload.subarray(0, 100_000),
    });
    expect(cutOff.statusCode, cutOff.body).toBe(400);
    expect(cutOff.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(fs.readdirSync(tmp).filter((name) => name.startsWith('skt-upload-'))).toEqual([]);
  });

  it('marks every API answer no-store, the CSRF token and errors included', async () => {
    const anonymous = ctx.client();
    expect((await anonymous.get('/api/v1/auth/csrf')).headers['cache-control']).toBe('no-store');
    expect((await teacher.get('/api/v1/auth/me')).headers['cache-control']).toBe('no-store');
    expect((await teacher.get('/api/v1/tools/finns-inte')).headers['cache-control']).toBe('no-store');
  });

  it('answers a contributor locking or unlocking a tool they do not maintain with 404, as if it did not exist', async () => {
    const created = await admin.post('/api/v1/admin/tools', { title: 'Någon annans verktyg', summary: '' });
    const toolId = created.json<{ id: string }>().id;
    expect((await admin.post(`/api/v1/admin/tools/${toolId}/lock`, {})).statusCode).toBe(200);
    const stranger = await ctx.signedIn('contributor');
    expect((await stranger.post(`/api/v1/admin/tools/${toolId}/lock`, {})).statusCode).toBe(404);
    expect(
      (await stranger.request({ method: 'DELETE', url: `/api/v1/admin/tools/${toolId}/lock` })).statusCode,
    ).toBe(404);
    expect((await admin.get(`/api/v1/admin/tools/${toolId}`)).json()).toMatchObject({
      lock: { isMine: true },
    });
  });
});
