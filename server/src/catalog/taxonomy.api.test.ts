import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';

describe('taxonomy', () => {
  let ctx: TestContext;
  let admin: TestClient;
  beforeAll(async () => {
    ctx = await createTestContext();
    admin = await ctx.signedIn('admin');
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('is seeded with the professions and categories of the product, in order', async () => {
    const teacher = await ctx.signedIn('user');
    const taxonomy = (await teacher.get('/api/v1/catalog/taxonomy')).json();
    expect(taxonomy.professions.map((p: { label: string }) => p.label)).toEqual([
      'Lärare',
      'Specialpedagog',
      'Skoladministratör',
      'Rektor',
      'Gemensamt',
    ]);
    expect(taxonomy.categories.map((c: { slug: string }) => c.slug)).toEqual([
      'lektionsplanering',
      'mentorskap',
      'administration',
      'ovrigt',
    ]);
  });

  it('lets admins add and rename terms and reorder them', async () => {
    const added = await admin.post('/api/v1/admin/taxonomy/professions', {
      slug: 'studie-och-yrkesvagledare',
      label: 'SYV',
      order: 35,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().professions.map((p: { slug: string }) => p.slug)).toEqual([
      'larare',
      'specialpedagog',
      'skoladministrator',
      'studie-och-yrkesvagledare',
      'rektor',
      'gemensamt',
    ]);
    const renamed = await admin.request({
      method: 'PATCH',
      url: '/api/v1/admin/taxonomy/professions/studie-och-yrkesvagledare',
      payload: { label: 'Studie- och yrkesvägledare', order: 1 },
    });
    expect(renamed.json().professions[0]).toEqual({
      slug: 'studie-och-yrkesvagledare',
      label: 'Studie- och yrkesvägledare',
      order: 1,
    });
    const duplicate = await admin.post('/api/v1/admin/taxonomy/professions', {
      slug: 'rektor',
      label: 'Rektor',
      order: 1,
    });
    expect(duplicate.statusCode).toBe(409);
    const missing = await admin.request({
      method: 'PATCH',
      url: '/api/v1/admin/taxonomy/categories/finns-inte',
      payload: { label: 'X' },
    });
    expect(missing.statusCode).toBe(404);
    const badSlug = await admin.post('/api/v1/admin/taxonomy/categories', {
      slug: 'Med Mellanslag',
      label: 'X',
      order: 1,
    });
    expect(badSlug.statusCode).toBe(422);
  });
});
