import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { CatalogPage, ToolCard } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { testEngines } from '../../test/db';
import { demoTools, seedCatalog } from './catalog-seed';

describe.each(testEngines())('catalog on %s', (engine) => {
  let ctx: TestContext;
  let teacher: TestClient & { user: { id: string } };
  let ids: Record<string, string>;

  beforeAll(async () => {
    ctx = await createTestContext({ engine });
    teacher = await ctx.signedIn('user');
    const owner = await ctx.services.users.createUser({
      email: 'agare@skola.se',
      role: 'admin',
      password: 'ett-bra-lösenord',
    });
    const named = [
      {
        title: 'Kanotschema',
        summary: 'Fördelar paddlarna på båtarna.',
        professions: ['larare'],
        categories: ['lektionsplanering'],
      },
      {
        title: 'Elevlista',
        summary: 'Skapar kanotlag av eleverna till utflykten.',
        professions: ['specialpedagog'],
        categories: ['mentorskap'],
      },
      {
        title: 'Utflyktsrapport för skoladministratörer',
        summary: 'Frånvaro per vecka.',
        professions: ['skoladministrator'],
        categories: ['administration'],
      },
      {
        title: 'Kanotövning som inte är publicerad',
        summary: 'Hemlig.',
        professions: ['larare'],
        categories: ['ovrigt'],
        isPublished: false,
      },
    ];
    const created = await seedCatalog(ctx.database.db, owner.id, named);
    ids = { kanot: created[0]!, elev: created[1]!, narvaro: created[2]!, hidden: created[3]! };
    await seedCatalog(ctx.database.db, owner.id, demoTools(30));
  });
  afterAll(async () => {
    await ctx.close();
  });

  const search = async (query: string) =>
    (await teacher.get(`/api/v1/catalog/tools?${query}`)).json<CatalogPage>();
  const titles = (page: CatalogPage) => page.items.map((t) => t.title);

  it('ranks a title match before a summary match, with prefix matching', async () => {
    const page = await search('q=kanot');
    expect(titles(page)).toEqual(['Kanotschema', 'Elevlista']);
    expect(titles(await search('q=utflykt'))).toEqual([
      'Utflyktsrapport för skoladministratörer',
      'Elevlista',
    ]);
  });

  it('ignores diacritics and case in the search box', async () => {
    expect(titles(await search('q=skoladministrator'))).toEqual(['Utflyktsrapport för skoladministratörer']);
    expect(titles(await search('q=SKOLADMINISTRATÖRER'))).toEqual([
      'Utflyktsrapport för skoladministratörer',
    ]);
    expect((await search('q=finnsinte')).items).toEqual([]);
  });

  it('combines facets with OR within a facet and AND across them, with counts', async () => {
    const either = await search('q=kanot&professions=larare,specialpedagog');
    expect(titles(either).sort()).toEqual(['Elevlista', 'Kanotschema']);
    const both = await search('q=kanot&professions=larare,specialpedagog&categories=mentorskap');
    expect(titles(both)).toEqual(['Elevlista']);
    const counts = Object.fromEntries(both.facets.professions.map((f) => [f.slug, f.count]));
    expect(counts).toEqual({ specialpedagog: 1 });
    const categoryCounts = Object.fromEntries(either.facets.categories.map((f) => [f.slug, f.count]));
    expect(categoryCounts).toEqual({ lektionsplanering: 1, mentorskap: 1 });
  });

  it('pages through every published tool once, in a stable order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const page: CatalogPage = await search(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      total = page.total;
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(total).toBe(33);
    expect(new Set(seen).size).toBe(33);
    expect(seen).not.toContain(ids.hidden);
    const again = await search('limit=7');
    expect(again.items.map((t) => t.id)).toEqual(seen.slice(0, 7));
  });

  it('keeps favorites idempotent, only for runnable tools, and filters by them', async () => {
    for (let i = 0; i < 2; i++)
      expect(
        (await teacher.request({ method: 'PUT', url: `/api/v1/me/favorites/${ids.elev}` })).statusCode,
      ).toBe(204);
    expect(
      (await teacher.request({ method: 'PUT', url: `/api/v1/me/favorites/${ids.hidden}` })).statusCode,
    ).toBe(404);
    const favorites = (await teacher.get('/api/v1/me/favorites')).json<{ items: ToolCard[] }>().items;
    expect(favorites.map((t) => t.title)).toEqual(['Elevlista']);
    expect(titles(await search('favorites=true'))).toEqual(['Elevlista']);
    expect((await search('q=elevlista')).items[0]?.isFavorite).toBe(true);
    const colleague = await ctx.signedIn('user');
    expect(
      (await colleague.get('/api/v1/catalog/tools?q=elevlista')).json<CatalogPage>().items[0]?.isFavorite,
    ).toBe(false);
    for (let i = 0; i < 2; i++)
      expect(
        (await teacher.request({ method: 'DELETE', url: `/api/v1/me/favorites/${ids.elev}` })).statusCode,
      ).toBe(204);
    expect((await teacher.get('/api/v1/me/favorites')).json<{ items: ToolCard[] }>().items).toEqual([]);
  });

  it('lists recently used tools from the user’s own runs, newest first, runnable only', async () => {
    const insertRun = (toolId: string, minutesAgo: number) =>
      ctx.database.db
        .execute(sql`insert into runs (id, tool_id, kind, requested_by, status, requested_at, inputs, input_files)
        values (${randomUUID()}, ${toolId}, 'production', ${teacher.user.id}, 'succeeded', ${new Date(Date.now() - minutesAgo * 60_000)}, '{}'::jsonb, '[]'::jsonb)`);
    await insertRun(ids.kanot!, 30);
    await insertRun(ids.narvaro!, 10);
    await insertRun(ids.kanot!, 50);
    await insertRun(ids.hidden!, 1);
    const recent = (await teacher.get('/api/v1/me/recent-tools')).json<{
      items: (ToolCard & { lastUsedAt: string })[];
    }>().items;
    expect(recent.map((t) => t.title)).toEqual(['Utflyktsrapport för skoladministratörer', 'Kanotschema']);
    const stranger = await ctx.signedIn('user');
    expect((await stranger.get('/api/v1/me/recent-tools')).json().items).toEqual([]);
  });

  it('remembers that the user read the instructions of the current version', async () => {
    const slug = (await search('q=kanotschema')).items[0]!.slug;
    expect((await teacher.get(`/api/v1/tools/${slug}`)).json()).toMatchObject({
      hasReadInstructions: false,
      isFavorite: false,
      uploadLimits: { maxFiles: 20 },
    });
    expect((await teacher.post(`/api/v1/tools/${slug}/instructions-read`)).statusCode).toBe(204);
    expect((await teacher.get(`/api/v1/tools/${slug}`)).json().hasReadInstructions).toBe(true);
    expect((await teacher.post('/api/v1/tools/finns-inte/instructions-read')).statusCode).toBe(404);
  });
});
