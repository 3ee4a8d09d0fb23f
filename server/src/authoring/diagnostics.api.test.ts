import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { versionBody } from '../../test/governance-fixtures';

type Client = TestClient & { user: { id: string; name: string } };
interface Item {
  code: string;
  severity: string;
  line: number;
  column: number;
  endColumn: number | null;
  message: string;
}

describe('the editor diagnostics endpoint and saving over someone else', () => {
  let ctx: TestContext;
  let admin: Client;
  let maja: Client;
  let toolId: string;
  const url = () => `/api/v1/admin/tools/${toolId}/diagnostics`;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.signedIn('admin');
    maja = await ctx.signedIn('contributor', 'maja@skola.se');
    toolId = (await admin.post('/api/v1/admin/tools', { title: 'Hälsningar' })).json<{ id: string }>().id;
    await admin.post(`/api/v1/admin/tools/${toolId}/maintainers`, { userId: maja.user.id });
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('answers a maintainer with the findings, in the reader’s language', async () => {
    const body = {
      sourceCode: 'import os\ndef run_tool(input_dir, output_dir):\n    return elever\n',
      entrypoint: 'run_tool',
    };
    const sv = await maja.post(url(), body);
    expect(sv.statusCode, sv.body).toBe(200);
    expect(sv.json<{ items: Item[] }>().items).toEqual([
      expect.objectContaining({ code: 'unused-import', severity: 'warning', line: 1, column: 8 }),
      {
        code: 'undefined-name',
        severity: 'error',
        line: 3,
        column: 12,
        endLine: 3,
        endColumn: 18,
        message: 'Namnet elever är inte definierat.',
      },
    ]);
    const fixed = await admin.post(url(), {
      sourceCode: 'def main(input_dir, output_dir):\n    return ""\n',
      entrypoint: 'main',
    });
    expect(fixed.json()).toEqual({ items: [] });
  });

  it('is for the tool’s maintainers and admins only, and checks what it is sent', async () => {
    const body = { sourceCode: 'x = 1\n' };
    const other = await ctx.signedIn('contributor', 'other@skola.se');
    expect((await other.post(url(), body)).statusCode).toBe(404);
    const teacher = await ctx.signedIn('user', 'larare@skola.se');
    expect((await teacher.post(url(), body)).statusCode).toBe(403);
    const anonymous = new (maja.constructor as new (app: unknown) => TestClient)(ctx.app);
    expect((await anonymous.post(url(), body)).statusCode).toBe(401);
    expect((await maja.post(url(), body, { csrf: false })).statusCode).toBe(403);
    const badEntrypoint = await maja.post(url(), { sourceCode: 'x = 1\n', entrypoint: 'run tool' });
    expect(badEntrypoint.statusCode).toBe(422);
    expect((await maja.post(url(), { sourceCode: 'x'.repeat(600 * 1024) })).statusCode).toBe(422);
    const missing = await maja.post(url(), body);
    expect(missing.json<{ items: Item[] }>().items.map((i) => i.code)).toEqual(['entrypoint-missing']);
    expect(
      (await maja.post('/api/v1/admin/tools/00000000-0000-4000-8000-000000000000/diagnostics', body))
        .statusCode,
    ).toBe(404);
  });

  it('refuses a save on a stale base with who saved in between, so the editor can offer a diff', async () => {
    await admin.post(`/api/v1/admin/tools/${toolId}/lock`, {});
    const first = (await admin.post(`/api/v1/admin/tools/${toolId}/versions`, versionBody(null))).json<{
      id: string;
    }>();
    const second = await admin.post(
      `/api/v1/admin/tools/${toolId}/versions`,
      versionBody(first.id, 'Hej igen'),
    );
    expect(second.statusCode).toBe(201);
    await admin.request({ method: 'DELETE', url: `/api/v1/admin/tools/${toolId}/lock` });
    await maja.post(`/api/v1/admin/tools/${toolId}/lock`, {});
    const stale = await maja.post(
      `/api/v1/admin/tools/${toolId}/versions`,
      versionBody(first.id, 'Min ändring'),
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'CONFLICT',
      details: {
        reason: 'STALE_BASE',
        headVersionId: second.json<{ id: string }>().id,
        headNumber: 2,
        savedBy: { id: admin.user.id, name: admin.user.name },
      },
    });
  });
});
