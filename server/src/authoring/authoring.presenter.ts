import type { AdminToolSummary, Person, Version, VersionSummary } from '@skriptoteket/contracts';
import { toolStatus, type VersionRecord } from './authoring.model';
import type { PeopleRepo, PersonRecord, ToolListRow } from './authoring.ports';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Resolves user ids to people in one query; unknown ids become a placeholder rather than failing. */
export async function peopleMap(
  people: PeopleRepo,
  ids: (string | null)[],
): Promise<(id: string | null) => Person | null> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))];
  const found = new Map((await people.findByIds(unique)).map((p: PersonRecord) => [p.id, p]));
  return (id) => {
    if (id === null) return null;
    const person = found.get(id);
    return person
      ? { id, name: person.name, email: person.email }
      : { id, name: 'Okänd användare', email: '' };
  };
}

export function presentVersionSummary(
  v: VersionRecord,
  person: (id: string | null) => Person | null,
): VersionSummary {
  return {
    id: v.id,
    toolId: v.toolId,
    number: v.number,
    state: v.state,
    createdBy: person(v.createdBy)!,
    createdAt: v.createdAt.toISOString(),
    submittedAt: iso(v.submittedAt),
    submitNote: v.submitNote,
    reviewedBy: person(v.reviewedBy),
    reviewedAt: iso(v.reviewedAt),
    reviewMessage: v.reviewMessage,
    publishedBy: person(v.publishedBy),
    publishedAt: iso(v.publishedAt),
    changeSummary: v.changeSummary,
    derivedFromVersionId: v.derivedFromVersionId,
    contentHash: v.contentHash,
    compileError: v.compileError,
    compileCheckedAt: iso(v.compileCheckedAt),
  };
}

export function presentVersion(v: VersionRecord, person: (id: string | null) => Person | null): Version {
  return {
    ...presentVersionSummary(v, person),
    sourceCode: v.sourceCode,
    entrypoint: v.entrypoint,
    inputSchema: v.inputSchema,
    settingsSchema: v.settingsSchema,
    usageInstructions: v.usageInstructions,
  };
}

export function presentToolSummary(row: ToolListRow): AdminToolSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    status: toolStatus(row, row.hasPendingReview),
    hasPendingReview: row.hasPendingReview,
    isPublished: row.isPublished,
    activeVersionId: row.activeVersionId,
    head: row.head,
    professions: row.professions,
    categories: row.categories,
    updatedAt: row.updatedAt.toISOString(),
  };
}
