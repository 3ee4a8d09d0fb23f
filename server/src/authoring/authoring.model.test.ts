import { describe, expect, it } from 'vitest';
import {
  canEditTool,
  contentHash,
  doesNotCompileMessage,
  publishToolBlockers,
  suggestSlug,
  toolStatus,
  type ToolRecord,
} from './authoring.model';

const tool = (fields: Partial<ToolRecord> = {}): ToolRecord => ({
  id: 't',
  slug: 'gruppgenerator',
  title: 'Gruppgenerator',
  summary: '',
  ownerId: 'o',
  isPublished: false,
  firstPublishedAt: null,
  activeVersionId: null,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...fields,
});

describe('suggestSlug', () => {
  it.each([
    ['Gruppgenerator', 'gruppgenerator'],
    ['Vårdnadshavares e-post från klasslista', 'vardnadshavares-e-post-fran-klasslista'],
    ['Närvaro & betyg – åk 7–9', 'narvaro-betyg-ak-7-9'],
    ['  Öva glosor!  ', 'ova-glosor'],
    ['Café Übung', 'cafe-ubung'],
    ['???', 'verktyg'],
  ])('%s → %s', (title, slug) => {
    expect(suggestSlug(title)).toBe(slug);
  });

  it('stays within 80 characters without a trailing dash', () => {
    const slug = suggestSlug('ord '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('rules', () => {
  it('lets admins edit any tool and contributors only the ones they maintain', () => {
    expect(canEditTool({ id: 'a', role: 'admin' }, [])).toBe(true);
    expect(canEditTool({ id: 'c', role: 'contributor' }, ['c'])).toBe(true);
    expect(canEditTool({ id: 'c', role: 'contributor' }, ['x'])).toBe(false);
    expect(canEditTool({ id: 'u', role: 'user' }, ['u'])).toBe(false);
  });

  it('derives one status badge per tool', () => {
    expect(toolStatus(tool(), false)).toBe('draft');
    expect(toolStatus(tool(), true)).toBe('in_review');
    expect(toolStatus(tool({ isPublished: true, firstPublishedAt: new Date() }), true)).toBe('published');
    expect(toolStatus(tool({ firstPublishedAt: new Date() }), false)).toBe('depublished');
  });

  it('lists every reason a tool cannot be published', () => {
    expect(
      publishToolBlockers(tool({ slug: 'Bad Slug' }), null, { professions: [], categories: [] }),
    ).toHaveLength(4);
    const active = { state: 'active' } as Parameters<typeof publishToolBlockers>[1];
    expect(publishToolBlockers(tool(), active, { professions: ['larare'], categories: ['ovrigt'] })).toEqual(
      [],
    );
  });

  it('hashes content so that any change gives a new hash', () => {
    const content = {
      sourceCode: 'x',
      entrypoint: 'run_tool',
      inputSchema: [],
      settingsSchema: [],
      usageInstructions: '',
    };
    expect(contentHash(content)).toBe(contentHash({ ...content }));
    expect(contentHash(content)).not.toBe(contentHash({ ...content, entrypoint: 'main' }));
  });
});

describe('doesNotCompileMessage', () => {
  const error = (message: string, line: number | null = 3, column: number | null = 9) => ({
    compileError: { message, line, column, text: '' },
  });

  it('names the line and column and tells what to do', () => {
    expect(doesNotCompileMessage(error('invalid syntax'))).toEqual({
      sv: 'Koden går inte att kompilera (rad 3, kolumn 9): invalid syntax. Rätta felet och spara en ny version.',
      en: 'The code does not compile (line 3, column 9): invalid syntax. Fix the error and save a new version.',
    });
    expect(doesNotCompileMessage(error('invalid syntax. Perhaps you forgot a comma?'))?.sv).toBe(
      'Koden går inte att kompilera (rad 3, kolumn 9): invalid syntax. Perhaps you forgot a comma? Rätta felet och spara en ny version.',
    );
  });

  it('leaves out the position when the compiler gave none, and says nothing when the source compiles', () => {
    expect(
      doesNotCompileMessage(error('the source is too deeply nested or too large to compile', null, null))?.sv,
    ).toBe(
      'Koden går inte att kompilera: the source is too deeply nested or too large to compile. Rätta felet och spara en ny version.',
    );
    expect(doesNotCompileMessage({ compileError: null })).toBeNull();
  });
});
