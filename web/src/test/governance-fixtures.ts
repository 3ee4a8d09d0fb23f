import type {
  AdminTool,
  AdminToolSummary,
  AuditEvent,
  Person,
  ReviewItem,
  User,
  VersionSummary,
} from '@skriptoteket/contracts';
import { teacher } from './fake-server';

/** Hand-written governance data for view tests; override what a test is about. */
export const admin: User = {
  ...teacher,
  id: 'u-admin',
  name: 'Ada Admin',
  email: 'ada@skola.se',
  role: 'admin',
};
export const contributor: User = {
  ...teacher,
  id: 'u-contrib',
  name: 'Cecilia Bidrag',
  email: 'cecilia@skola.se',
  role: 'contributor',
};

export const person = (user: Pick<User, 'id' | 'name' | 'email'>): Person => ({
  id: user.id,
  name: user.name,
  email: user.email,
});

const at = '2026-03-02T09:15:00.000Z';

export function toolSummary(overrides: Partial<AdminToolSummary> = {}): AdminToolSummary {
  return {
    id: 'tool-1',
    slug: 'gruppgenerator',
    title: 'Gruppgenerator',
    summary: 'Delar in en klass i grupper.',
    status: 'draft',
    hasPendingReview: false,
    isPublished: false,
    activeVersionId: null,
    head: null,
    professions: [],
    categories: [],
    updatedAt: at,
    ...overrides,
  };
}

export function adminTool(overrides: Partial<AdminTool> = {}): AdminTool {
  return {
    ...toolSummary(),
    owner: person(admin),
    maintainers: [person(admin)],
    isSlugLocked: false,
    lock: null,
    createdAt: at,
    canEdit: true,
    canAdminister: true,
    ...overrides,
  };
}

export function versionSummary(overrides: Partial<VersionSummary> = {}): VersionSummary {
  return {
    id: 'ver-1',
    toolId: 'tool-1',
    number: 1,
    state: 'draft',
    createdBy: person(contributor),
    createdAt: at,
    submittedAt: null,
    submitNote: null,
    reviewedBy: null,
    reviewedAt: null,
    reviewMessage: null,
    publishedBy: null,
    publishedAt: null,
    changeSummary: null,
    derivedFromVersionId: null,
    contentHash: 'hash',
    compileError: null,
    compileCheckedAt: at,
    ...overrides,
  };
}

export function reviewItem(
  version: Partial<VersionSummary> = {},
  tool: Partial<ReviewItem['tool']> = {},
): ReviewItem {
  return {
    version: versionSummary({ state: 'in_review', submittedAt: at, ...version }),
    tool: { id: 'tool-1', slug: 'gruppgenerator', title: 'Gruppgenerator', activeVersionId: null, ...tool },
  };
}

export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 1,
    toolId: 'tool-1',
    toolTitle: 'Gruppgenerator',
    actor: person(admin),
    action: 'tool.created',
    details: {},
    createdAt: at,
    ...overrides,
  };
}
