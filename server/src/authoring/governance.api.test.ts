import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { versionBody } from '../../test/governance-fixtures';

type Client = TestClient & { user: { id: string } };

describe('governance API: one tool from creation to rollback', () => {
  let ctx: TestContext;
  let admin: Client;
  let superuser: Client;
  let maja: Client;
  let teacher: Client;
  let toolId: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.signedIn('admin');
    superuser = await ctx.signedIn('superuser');
    maja = await ctx.signedIn('contributor', 'maja@skola.se');
    teacher = await ctx.signedIn('user');
  });
  afterAll(async () => {
    await ctx.close();
  });

  const versions = async () => {
    const response = await admin.get(`/api/v1/admin/tools/${toolId}/versions`);
    return response.json<{ items: { id: string; number: number; state: string }[] }>().items;
  };
  const states = async () => (await versions()).map((v) => `${v.number}:${v.state}`);
  const activePointer = async () =>
    (await admin.get(`/api/v1/admin/tools/${toolId}`)).json<{ activeVersionId: string | null }>()
      .activeVersionId;
  const auditActions = async () =>
    (await admin.get(`/api/v1/admin/tools/${toolId}/audit`))
      .json<{ items: { action: string }[] }>()
      .items.map((e) => e.action)
      .reverse();
  const saveAs = async (client: Client, text: string) => {
    expect((await client.post(`/api/v1/admin/tools/${toolId}/lock`, {})).statusCode).toBe(200);
    const head = (await versions())[0]?.id ?? null;
    const response = await client.post(`/api/v1/admin/tools/${toolId}/versions`, versionBody(head, text));
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; number: number }>();
  };

  it('walks create → save ×2 → submit → request changes → save → submit → publish → save → publish → rollback', async () => {
    const created = await admin.post('/api/v1/admin/tools', {
      title: 'Gruppgenerator för klasser',
      summary: 'Slumpar grupper.',
    });
    expect(created.statusCode).toBe(201);
    toolId = created.json<{ id: string }>().id;
    expect(created.json()).toMatchObject({
      slug: 'gruppgenerator-for-klasser',
      status: 'draft',
      activeVersionId: null,
    });
    await admin.request({
      method: 'PATCH',
      url: `/api/v1/admin/tools/${toolId}`,
      payload: { professions: ['larare'], categories: ['mentorskap'] },
    });
    expect(
      (await admin.post(`/api/v1/admin/tools/${toolId}/maintainers`, { email: 'MAJA@skola.se' })).statusCode,
    ).toBe(200);
    expect(await auditActions()).toEqual(['tool.created', 'tool.updated', 'maintainer.added']);

    const v1 = await saveAs(maja, 'ett');
    const v2 = await saveAs(maja, 'två');
    expect(await states()).toEqual(['2:draft', '1:draft']);
    expect(
      (await maja.post(`/api/v1/admin/versions/${v2.id}/submit`, { note: 'Testad med 9A.' })).json(),
    ).toMatchObject({ state: 'in_review', submitNote: 'Testad med 9A.' });
    expect(await states()).toEqual(['2:in_review', '1:draft']);
    const listed = (await admin.get('/api/v1/admin/tools'))
      .json<{ items: { id: string }[] }>()
      .items.find((t) => t.id === toolId);
    expect(listed).toMatchObject({
      status: 'in_review',
      hasPendingReview: true,
      head: { number: 2, state: 'in_review' },
    });

    const review = (await admin.get('/api/v1/admin/reviews')).json<{
      items: { version: { id: string } }[];
    }>();
    expect(review.items.map((i) => i.version.id)).toEqual([v2.id]);
    const diff = await admin.get(`/api/v1/admin/versions/${v1.id}/diff/${v2.id}`);
    expect(diff.json().files.find((f: { name: string }) => f.name === 'script.py')).toMatchObject({
      isChanged: true,
      patch: expect.stringContaining('+    return "två"'),
    });

    const missingMessage = await admin.post(`/api/v1/admin/versions/${v2.id}/request-changes`, {
      message: '  ',
    });
    expect(missingMessage.statusCode).toBe(422);
    expect(
      (
        await admin.post(`/api/v1/admin/versions/${v2.id}/request-changes`, {
          message: 'Beskriv indata bättre.',
        })
      ).statusCode,
    ).toBe(200);
    expect(await states()).toEqual(['3:draft', '2:archived', '1:draft']);
    expect((await versions())[0]).toMatchObject({
      reviewMessage: 'Beskriv indata bättre.',
      createdBy: { id: maja.user.id },
    });
    expect(await activePointer()).toBeNull();

    const v4 = await saveAs(maja, 'fyra');
    await maja.post(`/api/v1/admin/versions/${v4.id}/submit`, { note: '' });
    const published = await admin.post(`/api/v1/admin/versions/${v4.id}/publish`, {
      changeSummary: 'Första versionen.',
    });
    expect(published.json()).toMatchObject({
      state: 'active',
      publishedBy: { id: admin.user.id },
      changeSummary: 'Första versionen.',
    });
    expect(await states()).toEqual(['4:active', '3:draft', '2:archived', '1:draft']);
    expect(await activePointer()).toBe(v4.id);
    expect((await admin.post(`/api/v1/admin/tools/${toolId}/publish`)).json()).toMatchObject({
      status: 'published',
      isSlugLocked: true,
    });
    expect((await teacher.get('/api/v1/tools/gruppgenerator-for-klasser')).json()).toMatchObject({
      versionId: v4.id,
      title: 'Gruppgenerator för klasser',
    });

    const v5 = await saveAs(maja, 'fem');
    await maja.post(`/api/v1/admin/versions/${v5.id}/submit`, {});
    await admin.post(`/api/v1/admin/versions/${v5.id}/publish`, {});
    expect(await states()).toEqual(['5:active', '4:archived', '3:draft', '2:archived', '1:draft']);
    expect(await activePointer()).toBe(v5.id);

    expect((await admin.post(`/api/v1/admin/versions/${v4.id}/rollback`, {})).statusCode).toBe(403);
    const rolledBack = await superuser.post(`/api/v1/admin/versions/${v4.id}/rollback`, {});
    expect(rolledBack.json()).toMatchObject({ number: 6, state: 'active', derivedFromVersionId: v4.id });
    expect(await states()).toEqual([
      '6:active',
      '5:archived',
      '4:archived',
      '3:draft',
      '2:archived',
      '1:draft',
    ]);
    expect(await activePointer()).toBe(rolledBack.json<{ id: string }>().id);
    expect((await teacher.get('/api/v1/tools/gruppgenerator-for-klasser')).json().versionId).toBe(
      rolledBack.json<{ id: string }>().id,
    );

    expect(await auditActions()).toEqual([
      'tool.created',
      'tool.updated',
      'maintainer.added',
      'version.saved',
      'version.saved',
      'version.submitted',
      'version.changes_requested',
      'version.saved',
      'version.submitted',
      'version.published',
      'tool.published',
      'version.saved',
      'version.submitted',
      'version.published',
      'version.rolled_back',
    ]);
    const global = (await admin.get('/api/v1/admin/audit?limit=3')).json<{
      items: { action: string; toolTitle: string }[];
      nextCursor: string;
    }>();
    expect(global.items[0]).toMatchObject({
      action: 'version.rolled_back',
      toolTitle: 'Gruppgenerator för klasser',
    });
    const next = (await admin.get(`/api/v1/admin/audit?limit=3&cursor=${global.nextCursor}`)).json<{
      items: { action: string }[];
    }>();
    expect(next.items.map((e) => e.action)).toEqual(['version.saved', 'tool.published', 'version.published']);
  });

  it('answers 409 with who saved in between when the base is stale', async () => {
    const head = (await versions())[0]!;
    await admin.post(`/api/v1/admin/tools/${toolId}/lock`, { force: true });
    const stale = await admin.post(
      `/api/v1/admin/tools/${toolId}/versions`,
      versionBody((await versions())[1]!.id),
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'STALE_BASE', headVersionId: head.id },
    });
    expect(stale.json().error.message).toContain('Test superuser');
  });

  it('hides the tool from users when it is unpublished, depublished, or its active pointer is missing', async () => {
    const slug = 'gruppgenerator-for-klasser';
    expect((await teacher.get(`/api/v1/tools/${slug}`)).statusCode).toBe(200);
    await ctx.database.db.execute(sql`update tools set active_version_id = null where id = ${toolId}`);
    expect((await teacher.get(`/api/v1/tools/${slug}`)).statusCode).toBe(404);
    const [active] = (await versions()).filter((v) => v.state === 'active');
    await ctx.database.db.execute(
      sql`update tools set active_version_id = ${active!.id} where id = ${toolId}`,
    );
    expect((await teacher.get(`/api/v1/tools/${slug}`)).statusCode).toBe(200);
    await admin.post(`/api/v1/admin/tools/${toolId}/depublish`);
    const depublished = await teacher.get(`/api/v1/tools/${slug}`);
    expect(depublished.statusCode).toBe(404);
    expect(depublished.json().error.code).toBe('NOT_FOUND');

    const fresh = await admin.post('/api/v1/admin/tools', { title: 'Aldrig publicerat' });
    expect((await teacher.get(`/api/v1/tools/${fresh.json<{ slug: string }>().slug}`)).statusCode).toBe(404);
    expect((await teacher.get(`/api/v1/admin/tools/${toolId}`)).statusCode).toBe(403);
  });

  it('shows contributors only the tools they maintain', async () => {
    const other = await ctx.signedIn('contributor');
    expect((await other.get('/api/v1/admin/tools')).json().items).toEqual([]);
    expect((await other.get(`/api/v1/admin/tools/${toolId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/admin/tools/${toolId}/audit`)).statusCode).toBe(404);
    const mine = (await maja.get('/api/v1/admin/tools'))
      .json<{ items: { id: string }[] }>()
      .items.map((t) => t.id);
    expect(mine).toEqual([toolId]);
  });
});
