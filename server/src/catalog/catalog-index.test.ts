import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import type { IndexedTool } from './catalog.ports';

let serial = 0;
const tool = (title: string, summary = '', instructions = '', more: Partial<IndexedTool> = {}) => ({
  id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
  slug: `t-${serial}`,
  title,
  summary,
  instructions,
  professions: ['larare'],
  categories: ['administration'],
  ...more,
});

const titles = (index: CatalogIndex, q: string) =>
  index.find({ q, professions: [], categories: [] }).tools.map((t) => t.title);

describe('CatalogIndex', () => {
  it('finds words inside Swedish compounds and forgives one typo in longer words', () => {
    const index = new CatalogIndex();
    index.replaceAll([
      tool('Närvarosammanställning'),
      tool('Gruppindelning'),
      tool('Gruppgenerator'),
      tool('Schema'),
    ]);
    expect(titles(index, 'sammanställning')).toEqual(['Närvarosammanställning']);
    expect(titles(index, 'sammanstallning')).toEqual(['Närvarosammanställning']);
    expect(titles(index, 'indelning')).toEqual(['Gruppindelning']);
    expect(titles(index, 'grupgenerator')).toEqual(['Gruppgenerator']);
    // One edit is forgiven only from five letters on: "schem" is a prefix, "shema" (5) a typo, "scma" nothing.
    expect(titles(index, 'shema')).toEqual(['Schema']);
    expect(titles(index, 'scma')).toEqual([]);
  });

  it('finds other forms of a Swedish word, and compounds that start with its stem', () => {
    const index = new CatalogIndex();
    index.replaceAll([
      tool('Gruppgenerator'),
      tool('Gruppindelning'),
      tool('Elevlista'),
      tool('Eleven i fokus'),
      tool('Lärarnas lista'),
      tool('Läroplan'),
      tool('Dokumentmall'),
      tool('Mentorsschema'),
    ]);
    for (const q of ['grupper', 'gruppen', 'grupperna', 'Grupperna'])
      expect(titles(index, q)).toEqual(['Gruppgenerator', 'Gruppindelning']);
    expect(titles(index, 'elever')).toEqual(['Eleven i fokus', 'Elevlista']);
    expect(titles(index, 'eleverna')).toEqual(['Eleven i fokus', 'Elevlista']);
    expect(titles(index, 'indelningar')).toEqual(['Gruppindelning']);
    // Stems cut short ("lar" of "lärare", "ment" of "mentor") find other forms only, not every word they start.
    expect(titles(index, 'lärare')).toEqual(['Lärarnas lista']);
    expect(titles(index, 'mentor')).toEqual(['Mentorsschema']);
  });

  it('ranks another form of the word as a prefix match, and a compound starting with the stem right after', () => {
    const index = new CatalogIndex();
    index.replaceAll([
      tool('Elevgrupper'),
      tool('Gruper'),
      tool('Gruppgenerator'),
      tool('Annat', 'Gruppens schema'),
      tool('Elevgrupp'),
      tool('Grupperingar'),
      tool('Verktyg', 'Delar in i grupper'),
      tool('Gruppen'),
      tool('Grupper'),
    ]);
    expect(titles(index, 'grupper')).toEqual([
      'Grupper', // exact, title
      'Verktyg', // exact, summary
      'Gruppen', // another form of the word: a prefix match, title order
      'Grupperingar', // prefix, title
      'Annat', // another form of the word, summary
      'Gruppgenerator', // the stem "grupp" starts it
      'Elevgrupp', // inside a compound (the stem), title order
      'Elevgrupper', // inside a compound (the word)
      'Gruper', // one typo
    ]);
  });

  it('ranks exact word > prefix > inside a compound > fuzzy, then title > summary > instructions', () => {
    const index = new CatalogIndex();
    index.replaceAll([
      tool('Listans rader', 'Något annat'),
      tool('Ö-lista'),
      tool('Elevlista'),
      tool('Listan'),
      tool('Klasslista'),
      tool('Lissta'),
      tool('Verktyg', 'Gör en lista'),
      tool('Annat', '', 'Skriv en lista'),
      tool('Annat igen', 'Se listans rader'),
    ]);
    const ranked = titles(index, 'lista');
    expect(ranked).toEqual([
      'Ö-lista', // exact word in the title
      'Verktyg', // exact word in the summary
      'Annat', // exact word in the instructions
      'Listan', // prefix in the title (title order among equals)
      'Listans rader',
      'Annat igen', // prefix in the summary
      'Elevlista', // inside a compound, title order
      'Klasslista',
      'Lissta', // one typo
    ]);
  });

  it('requires every word, sums their matches and keeps title order among equals', () => {
    const index = new CatalogIndex();
    index.replaceAll([
      tool('Betygsmall för åk 9'),
      tool('Betygsmall för åk 10'),
      tool('Betygsmall för åk 2'),
      tool('Betygsöversikt'),
    ]);
    expect(titles(index, 'betygsmall åk')).toEqual([
      'Betygsmall för åk 2',
      'Betygsmall för åk 9',
      'Betygsmall för åk 10',
    ]);
    expect(titles(index, '')).toEqual([
      'Betygsmall för åk 2',
      'Betygsmall för åk 9',
      'Betygsmall för åk 10',
      'Betygsöversikt',
    ]);
  });

  it('counts each facet without its own selection and follows upserts and removals', () => {
    const index = new CatalogIndex();
    const a = tool('Grupp A', '', '', { professions: ['larare'], categories: ['mentorskap'] });
    const b = tool('Grupp B', '', '', { professions: ['rektor'], categories: ['administration'] });
    const c = tool('Grupp C', '', '', { professions: ['larare', 'rektor'], categories: ['administration'] });
    index.replaceAll([a, b, c]);
    const result = index.find({ q: 'grupp', professions: ['larare'], categories: ['administration'] });
    expect(result.tools.map((t) => t.title)).toEqual(['Grupp C']);
    expect(result.total).toBe(1);
    expect(result.facets).toEqual({
      professions: [
        { slug: 'larare', count: 1 },
        { slug: 'rektor', count: 2 },
      ],
      categories: [
        { slug: 'administration', count: 1 },
        { slug: 'mentorskap', count: 1 },
      ],
    });
    index.upsert({ ...c, title: 'Schema C' });
    expect(titles(index, 'grupp')).toEqual(['Grupp A', 'Grupp B']);
    expect(titles(index, 'schema')).toEqual(['Schema C']);
    index.remove(a.id);
    expect(titles(index, 'grupp')).toEqual(['Grupp B']);
    index.upsert(a);
    expect(titles(index, 'grupp')).toEqual(['Grupp A', 'Grupp B']);
    const favorites = index.find({ professions: [], categories: [], onlyIds: new Set([b.id]) });
    expect(favorites.tools.map((t) => t.title)).toEqual(['Grupp B']);
    expect(favorites.facets.categories).toEqual([{ slug: 'administration', count: 1 }]);
  });
});
