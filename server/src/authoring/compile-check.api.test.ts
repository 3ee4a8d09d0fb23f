import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { testEngines } from '../../test/db';
import { versionBody } from '../../test/governance-fixtures';
import { authoringRepos } from './authoring.repo';

type Client = TestClient & { user: { id: string } };

const BROKEN = 'def run_tool(input_dir, output_dir):\n    hälsning = "hej på dig" $ 1\n    return hälsning\n';
const FIXED = 'def run_tool(input_dir, output_dir):\n    hälsning = "hej på dig"\n    return hälsning\n';
const SYNTAX_ERROR = {
  message: 'invalid syntax',
  line: 2,
  column: 29,
  text: '    hälsning = "hej på dig" $ 1',
};
const REFUSAL =
  'Koden går inte att kompilera (rad 2, kolumn 29): invalid syntax. Rätta felet och spara en ny version.';

describe.each(testEngines())(
  'a tool whose source does not compile never reaches a teacher (%s)',
  (engine) => {
    let ctx: TestContext;
    let admin: Client;
    let superuser: Client;
    let maja: Client;
    let toolId: string;

    beforeAll(async () => {
      ctx = await createTestContext({ engine });
      admin = await ctx.signedIn('admin');
      superuser = await ctx.signedIn('superuser');
      maja = await ctx.signedIn('contributor', 'maja@skola.se');
      const created = await admin.post('/api/v1/admin/tools', { title: 'Hälsningar', summary: 'Hälsar.' });
      toolId = created.json<{ id: string }>().id;
      await admin.request({
        method: 'PATCH',
        url: `/api/v1/admin/tools/${toolId}`,
        payload: { professions: ['larare'], categories: ['mentorskap'] },
      });
      await admin.post(`/api/v1/admin/tools/${toolId}/maintainers`, { userId: maja.user.id });
    });
    afterAll(async () => {
      await ctx.close();
    });

    const save = async (sourceCode: string) => {
      expect((await maja.post(`/api/v1/admin/tools/${toolId}/lock`, {})).statusCode).toBe(200);
      const list = await maja.get(`/api/v1/admin/tools/${toolId}/versions`);
      const head = list.json<{ items: { id: string }[] }>().items[0]?.id ?? null;
      const response = await maja.post(`/api/v1/admin/tools/${toolId}/versions`, {
        ...versionBody(head),
        sourceCode,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ id: string; compileError: unknown; compileCheckedAt: string | null }>();
    };
    const version = async (id: string) =>
      (await admin.get(`/api/v1/admin/versions/${id}`)).json<{ state: string; compileError: unknown }>();
    const auditActions = async () =>
      (await admin.get(`/api/v1/admin/tools/${toolId}/audit`))
        .json<{ items: { action: string }[] }>()
        .items.map((e) => e.action);
    const activeVersionId = async () =>
      (await admin.get(`/api/v1/admin/tools/${toolId}`)).json<{ activeVersionId: string | null }>()
        .activeVersionId;
    const expectRefused = (response: Awaited<ReturnType<Client['post']>>) => {
      expect(response.statusCode, response.body).toBe(409);
      expect(response.json().error).toMatchObject({
        code: 'CONFLICT',
        message: REFUSAL,
        details: { reason: 'DOES_NOT_COMPILE', ...SYNTAX_ERROR },
      });
    };

    let brokenId: string;

    it('saves the draft with its compile error, shown wherever the version is', async () => {
      const saved = await save(BROKEN);
      brokenId = saved.id;

      expect(saved.compileError).toEqual(SYNTAX_ERROR);
      expect(saved.compileCheckedAt).toEqual(expect.any(String));
      expect((await version(brokenId)).compileError).toEqual(SYNTAX_ERROR);
      const listed = (await maja.get(`/api/v1/admin/tools/${toolId}/versions`)).json().items[0];
      expect(listed).toMatchObject({ id: brokenId, compileError: SYNTAX_ERROR });
    });

    it('refuses to submit it, naming line, column and message, and records nothing', async () => {
      expectRefused(await maja.post(`/api/v1/admin/versions/${brokenId}/submit`, { note: 'Klar.' }));

      expect((await version(brokenId)).state).toBe('draft');
      expect(await auditActions()).not.toContain('version.submitted');
    });

    it('refuses to publish it even for an admin or a superuser when it is in review anyway', async () => {
      await authoringRepos(ctx.database.db).versions.update(brokenId, {
        state: 'in_review',
        submittedBy: maja.user.id,
        submittedAt: new Date(),
      });
      const queue = (await admin.get('/api/v1/admin/reviews')).json().items;
      expect(queue.map((item: { version: { id: string } }) => item.version.id)).toEqual([brokenId]);
      expect(queue[0].version.compileError).toEqual(SYNTAX_ERROR);

      expectRefused(await admin.post(`/api/v1/admin/versions/${brokenId}/publish`, {}));
      expectRefused(await superuser.post(`/api/v1/admin/versions/${brokenId}/publish`, {}));

      expect((await version(brokenId)).state).toBe('in_review');
      expect(await activeVersionId()).toBeNull();
      expect(await auditActions()).not.toContain('version.published');
    });

    it('submits and publishes the fixed version', async () => {
      await admin.post(`/api/v1/admin/versions/${brokenId}/request-changes`, { message: 'Rad 2.' });
      const fixed = await save(FIXED);
      expect(fixed.compileError).toBeNull();

      const submitted = await maja.post(`/api/v1/admin/versions/${fixed.id}/submit`, {});
      expect(submitted.statusCode, submitted.body).toBe(200);
      const published = await admin.post(`/api/v1/admin/versions/${fixed.id}/publish`, {});
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json()).toMatchObject({ state: 'active', compileError: null });
      expect(await activeVersionId()).toBe(fixed.id);
    });

    it('checks a version saved before compile checks existed when it is restored, and keeps the result', async () => {
      const db = ctx.database.db;
      await db.execute(
        sql`update tool_versions set state = 'archived', published_at = now(), compile_checked_at = null,
        compile_error = null where id = ${brokenId}`,
      );
      expect((await version(brokenId)).compileError).toBeNull();

      expectRefused(await superuser.post(`/api/v1/admin/versions/${brokenId}/rollback`, {}));

      expect(await version(brokenId)).toMatchObject({
        state: 'archived',
        compileError: SYNTAX_ERROR,
        compileCheckedAt: expect.any(String),
      });
      expect(await auditActions()).not.toContain('version.rolled_back');
    });
  },
);
