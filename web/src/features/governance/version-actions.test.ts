import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../api/client';
import { createFakeServer, json } from '../../test/fake-server';
import { admin, contributor, person, versionSummary } from '../../test/governance-fixtures';
import { availableVersionActions, performVersionAction, type VersionActionKind } from './version-actions';

afterEach(() => vi.unstubAllGlobals());

const superuser = { ...admin, id: 'u-super', role: 'superuser' as const };

describe('availableVersionActions', () => {
  it('lets an author submit only their own draft of a tool they may edit', () => {
    const draft = versionSummary({ state: 'draft', createdBy: person(contributor) });

    expect(availableVersionActions(draft, contributor, true)).toEqual(['submit']);
    expect(availableVersionActions(draft, contributor, false)).toEqual([]);
    expect(availableVersionActions(draft, admin, true)).toEqual([]);
  });

  it('lets admins review what is in review, and nobody below them', () => {
    const inReview = versionSummary({ state: 'in_review' });

    expect(availableVersionActions(inReview, admin, true)).toEqual(['publish', 'requestChanges']);
    expect(availableVersionActions(inReview, contributor, true)).toEqual([]);
  });

  it('lets only superusers restore an archived version that was once published', () => {
    const wasPublished = versionSummary({ state: 'archived', publishedAt: '2026-01-01T00:00:00.000Z' });
    const sentBack = versionSummary({ state: 'archived', publishedAt: null });

    expect(availableVersionActions(wasPublished, superuser, true)).toEqual(['rollback']);
    expect(availableVersionActions(wasPublished, admin, true)).toEqual([]);
    expect(availableVersionActions(sentBack, superuser, true)).toEqual([]);
    expect(availableVersionActions(versionSummary({ state: 'active' }), superuser, true)).toEqual([]);
  });
});

describe('performVersionAction', () => {
  it('calls the endpoint of each transition with its text', async () => {
    const server = createFakeServer({ 'GET /auth/csrf': () => json(200, { csrfToken: 't' }) });
    for (const path of ['submit', 'publish', 'request-changes', 'rollback']) {
      server.on(`POST /admin/versions/v7/${path}`, () => json(200, versionSummary({ id: 'v7' })));
    }
    vi.stubGlobal('fetch', server.fetch);
    api.setCsrfToken(null);

    const kinds: VersionActionKind[] = ['submit', 'publish', 'requestChanges', 'rollback'];
    for (const kind of kinds) await performVersionAction(kind, 'v7', `  text for ${kind}  `);

    expect(server.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.body])).toEqual([
      ['/admin/versions/v7/submit', { note: 'text for submit' }],
      ['/admin/versions/v7/publish', { changeSummary: 'text for publish' }],
      ['/admin/versions/v7/request-changes', { message: 'text for requestChanges' }],
      ['/admin/versions/v7/rollback', {}],
    ]);
  });
});
