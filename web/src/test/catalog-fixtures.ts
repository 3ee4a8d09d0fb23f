import type {
  CatalogPage,
  RecentTool,
  RunListItem,
  Taxonomy,
  ToolCard,
  ToolPage,
} from '@skriptoteket/contracts';

/** Hand-written catalog data for view tests; override what a test is about. */
export const taxonomy: Taxonomy = {
  professions: [
    { slug: 'rektor', label: 'Rektor', order: 3 },
    { slug: 'larare', label: 'Lärare', order: 1 },
    { slug: 'specialpedagog', label: 'Specialpedagog', order: 2 },
  ],
  categories: [
    { slug: 'mentorskap', label: 'Mentorskap', order: 2 },
    { slug: 'lektionsplanering', label: 'Lektionsplanering', order: 1 },
  ],
};

export function toolCard(overrides: Partial<ToolCard> = {}): ToolCard {
  return {
    id: 'tool-1',
    slug: 'gruppgenerator',
    title: 'Gruppgenerator',
    summary: 'Delar in en klass i grupper.',
    professions: ['larare'],
    categories: ['lektionsplanering'],
    isFavorite: false,
    ...overrides,
  };
}

export function catalogPage(items: ToolCard[], overrides: Partial<CatalogPage> = {}): CatalogPage {
  return {
    items,
    nextCursor: null,
    total: items.length,
    facets: {
      professions: [
        { slug: 'larare', count: items.length },
        { slug: 'rektor', count: 0 },
      ],
      categories: [{ slug: 'lektionsplanering', count: items.length }],
    },
    ...overrides,
  };
}

export function recentTool(overrides: Partial<RecentTool> = {}): RecentTool {
  return { ...toolCard(), lastUsedAt: '2026-03-02T09:15:00.000Z', ...overrides };
}

export function toolPage(overrides: Partial<ToolPage> = {}): ToolPage {
  return {
    ...toolCard(),
    usageInstructions: '# Kom igång\n\nLadda upp **klasslistan** som Excel-fil.',
    inputSchema: [
      { name: 'size', label: 'Gruppstorlek', kind: 'integer', required: true },
      { name: 'list', label: 'Klasslista', kind: 'file', min: 1, max: 1, accept: ['.xlsx'] },
    ],
    hasSettings: false,
    versionId: 'ver-1',
    hasReadInstructions: false,
    uploadLimits: { maxFiles: 10, maxFileBytes: 10_000_000, maxTotalBytes: 50_000_000 },
    ...overrides,
  };
}

export function runItem(overrides: Partial<RunListItem> = {}): RunListItem {
  return {
    id: 'run-1',
    toolId: 'tool-1',
    toolSlug: 'gruppgenerator',
    toolTitle: 'Gruppgenerator',
    status: 'succeeded',
    requestedAt: '2026-03-02T09:15:00.000Z',
    finishedAt: '2026-03-02T09:15:03.000Z',
    errorCode: null,
    errorSummary: null,
    inputsSummary: 'klass-7a.xlsx',
    inputFiles: [{ name: 'klass-7a.xlsx', bytes: 1234 }],
    artifactCount: 1,
    filesExpired: false,
    ...overrides,
  };
}
