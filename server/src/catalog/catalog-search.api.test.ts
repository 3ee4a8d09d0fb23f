import type { CatalogPage } from '@skriptoteket/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { testEngines } from '../../test/db';
import { demoTools, seedCatalog } from './catalog-seed';

async function within(limitMs: number, isDone: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await isDone())) {
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(testEngines())('catalog search on %s', (engine) => {
  let ctx: TestContext;
  let teacher: TestClient;
  let adminId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ engine });
    teacher = await ctx.signedIn('user');
    adminId = (await ctx.signedIn('admin')).user.id;
    const tool = (title: string, summary = 'Ett verktyg.', instructions = '') => ({
      title,
      summary,
      instructions,
      professions: ['larare'],
      categories: ['administration'],
    });
    await seedCatalog(ctx.database.db, adminId, [
      tool('Närvarosammanställning'),
      tool('Gruppindelning'),
      tool('Gruppgenerator'),
      tool('Indelning'),
      tool('Klassindelning'),
      tool('Indelningar per ämne'),
      tool('Elevlista', 'Visar indelning per klass.'),
      tool('Schema', 'Ett schema.', 'Gör en indelning av veckan.'),
      tool('Indeling'),
    ]);
    await seedCatalog(ctx.database.db, adminId, demoTools(240));
  });
  afterAll(async () => {
    await ctx.close();
  });

  const search = async (query: string) =>
    (await teacher.get(`/api/v1/catalog/tools?${query}`)).json<CatalogPage>();
  const titles = async (q: string) =>
    (await search(`q=${encodeURIComponent(q)}&limit=100`)).items.map((t) => t.title);

  it('finds words inside Swedish compounds', async () => {
    expect((await titles('Närvarosammanställning'))[0]).toBe('Närvarosammanställning');
    const compounds = await titles('sammanställning');
    expect(compounds).toContain('Närvarosammanställning');
    // The demo catalog's "…sammanställning" tools are found too, all of them inside compounds.
    expect(compounds.length).toBeGreaterThan(10);
    expect(compounds.every((title) => title.toLowerCase().includes('sammanställning'))).toBe(true);
    expect(await titles('gruppindelning')).toEqual(['Gruppindelning']);
  });

  it('forgives one typo in a word of five letters or more', async () => {
    const onlyThis = (found: string[], name: string) =>
      found.length > 0 && found.every((title) => title.toLowerCase().startsWith(name.toLowerCase()));
    expect((await titles('grupgenerator'))[0]).toBe('Gruppgenerator');
    expect(onlyThis(await titles('grupgenerator'), 'Gruppgenerator')).toBe(true);
    expect((await titles('närvarosamanställning'))[0]).toBe('Närvarosammanställning');
    expect(onlyThis(await titles('närvarosamanställning'), 'Närvarosammanställning')).toBe(true);
    expect(await titles('grupgen')).toEqual([]);
    expect(await titles('grupgeneratorn x')).toEqual([]);
  });

  it('finds other forms of a Swedish word and the compounds that start with it', async () => {
    const all: CatalogPage['items'] = [];
    let cursor: string | null = null;
    do {
      const page: CatalogPage = await search(`limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    // Every tool with a form of "grupp" in its title or summary ("Gruppgenerator", "Delar in … i grupper").
    const mentionsGroups = all
      .filter((t) => /grupp/i.test(t.title) || /grupp/i.test(t.summary))
      .map((t) => t.title)
      .sort();
    for (const q of ['grupper', 'gruppen', 'grupperna']) {
      const found = await titles(q);
      expect(found).toContain('Gruppgenerator');
      expect(found).toContain('Gruppindelning');
      expect([...found].sort()).toEqual(mentionsGroups);
    }
    expect(await titles('elever')).toContain('Elevlista');
    expect(await titles('indelningar')).toContain('Gruppindelning');
  });

  it('ranks exact word > prefix > inside a compound > fuzzy; title > summary > instructions', async () => {
    expect(await titles('indelning')).toEqual([
      'Indelning', // exact, title
      'Elevlista', // exact, summary
      'Schema', // exact, instructions
      'Indelningar per ämne', // prefix, title
      'Gruppindelning', // inside a compound, title order
      'Klassindelning',
      'Indeling', // one letter missing
    ]);
  });

  it('has totals and facet counts that match the listing, with and without filters', async () => {
    for (const query of [
      'q=grupp',
      'q=sam&professions=larare,rektor&categories=administration',
      'professions=specialpedagog',
      'q=lista&categories=mentorskap,ovrigt',
    ]) {
      const all: CatalogPage['items'] = [];
      let cursor: string | null = null;
      let first: CatalogPage | undefined;
      do {
        const page: CatalogPage = await search(`${query}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
        first ??= page;
        expect(page.total).toBe(first.total);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      expect(all.length).toBe(first.total);
      expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
      // Each facet counts the listing as it would be with that facet's own selection cleared.
      const countOf = async (kind: 'professions' | 'categories', slug: string) => {
        const other = new URLSearchParams(query);
        other.delete(kind);
        other.set(kind, slug);
        return (await search(`${other.toString()}&limit=1`)).total;
      };
      for (const facet of first.facets.professions)
        expect(facet.count).toBe(await countOf('professions', facet.slug));
      for (const facet of first.facets.categories)
        expect(facet.count).toBe(await countOf('categories', facet.slug));
    }
  });

  it('shows a tool within a second of its publishing, and hides it as fast when depublished', async () => {
    const [id] = await seedCatalog(ctx.database.db, adminId, [
      {
        title: 'Utflyktsplanerare',
        summary: 'Planerar utflykter.',
        professions: ['larare'],
        categories: ['ovrigt'],
        isPublished: false,
      },
    ]);
    expect(await titles('utflyktsplanerare')).toEqual([]);
    const admin = { id: adminId, role: 'admin' as const };
    await ctx.services.tools.setPublished(admin, id!, true);
    await within(1000, async () => (await titles('planerare')).includes('Utflyktsplanerare'));
    await ctx.services.tools.setPublished(admin, id!, false);
    await within(1000, async () => (await titles('utflyktsplanerare')).length === 0);
  });
});
