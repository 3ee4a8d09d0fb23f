import { renderTexts } from '@skriptoteket/contracts';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import { createCast, createTool, save, versionBody, type Cast } from '../../test/governance-fixtures';
import { composeRuntime, type Services } from '../compose';
import { loadConfig } from '../config';
import { queryRows, type Database } from '../db/client';
import { AppError } from '../shared/app-error';
import { ManualClock } from '../shared/ports';

async function failure(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError)
      return {
        code: error.code,
        message: error.message,
        // What a Swedish reader gets.
        ...(error.details ? { details: renderTexts(error.details, 'sv') as Record<string, unknown> } : {}),
      };
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(testEngines())('governance services on %s', (engine) => {
  let database: Database;
  let services: Services;
  let cast: Cast;
  let clock: ManualClock;

  beforeEach(async () => {
    database = await openTestDatabase(engine);
    clock = new ManualClock();
    services = composeRuntime(loadConfig({}), database, clock).services;
    cast = await createCast(services);
  });
  afterEach(async () => {
    await database.close();
  });

  it('lets only admins create tools and suggests unique transliterated slugs', async () => {
    expect(
      (await failure(services.tools.createTool(cast.maintainer, { title: 'X', summary: '' }))).code,
    ).toBe('FORBIDDEN');
    const first = await services.tools.createTool(cast.admin, {
      title: 'Gruppgenerator för åk 9',
      summary: '',
    });
    const second = await services.tools.createTool(cast.admin, {
      title: 'Gruppgenerator för åk 9!',
      summary: '',
    });
    expect([first.slug, second.slug]).toEqual(['gruppgenerator-for-ak-9', 'gruppgenerator-for-ak-9-2']);
    expect(first.maintainers.map((m) => m.id)).toEqual([cast.admin.id]);
  });

  it('guards saving: maintainer only, lock holder only, head base only, valid schemas only', async () => {
    const tool = await createTool(services, cast);
    const other = await failure(
      services.versions.saveVersion(cast.otherContributor, tool.id, versionBody(null)),
    );
    expect(other.code).toBe('NOT_FOUND');
    const unlocked = await failure(
      services.versions.saveVersion(cast.maintainer, tool.id, versionBody(null)),
    );
    expect(unlocked).toMatchObject({ code: 'CONFLICT', details: { reason: 'LOCK_REQUIRED' } });

    const v1 = await save(services, cast.maintainer, tool.id);
    expect(v1).toMatchObject({ number: 1, state: 'draft', createdBy: { name: 'Maja' } });
    const stale = await failure(services.versions.saveVersion(cast.maintainer, tool.id, versionBody(null)));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { reason: 'STALE_BASE', headNumber: 1 } });
    expect(stale.message).toContain('Maja');

    const badSchema = {
      ...versionBody(v1.id),
      inputSchema: [
        { name: 'a', label: 'A', kind: 'file' },
        { name: 'a', label: 'B', kind: 'nope' },
      ],
    };
    const invalid = await failure(services.versions.saveVersion(cast.maintainer, tool.id, badSchema));
    expect(invalid.code).toBe('VALIDATION_ERROR');
    expect((invalid.details!['issues'] as { path: unknown[] }[]).map((i) => i.path)).toEqual(
      expect.arrayContaining([
        ['inputSchema', 1, 'name'],
        ['inputSchema', 1, 'kind'],
      ]),
    );
  });

  it('gives the edit lock to one person; others wait, an admin can take over (recorded), it expires after 10 minutes', async () => {
    const tool = await createTool(services, cast);
    await services.tools.addMaintainer(cast.admin, tool.id, { userId: cast.otherContributor.id });
    await services.tools.acquireLock(cast.maintainer, tool.id, false);
    const busy = await failure(services.tools.acquireLock(cast.otherContributor, tool.id, true));
    expect(busy).toMatchObject({ code: 'CONFLICT', details: { holder: { name: 'Maja' } } });
    const takeover = await services.tools.acquireLock(cast.admin, tool.id, true);
    expect(takeover).toMatchObject({ isMine: true, holder: { name: 'Adam' } });
    const audit = await services.audit.listForTool(cast.admin, tool.id, { limit: 10 });
    expect(audit.items[0]).toMatchObject({ action: 'lock.taken_over', details: { fromName: 'Maja' } });
    clock.advance(10 * 60_000 + 1);
    expect((await services.tools.acquireLock(cast.otherContributor, tool.id, false)).holder.name).toBe(
      'Olle',
    );
    // A teacher cannot see an unpublished tool: 404, not a 403 that would reveal it exists.
    expect((await failure(services.tools.acquireLock(cast.user, tool.id, false))).code).toBe('NOT_FOUND');
  });

  it('guards submit, publish, request changes and rollback by role, authorship and state', async () => {
    const tool = await createTool(services, cast);
    const v1 = await save(services, cast.maintainer, tool.id);
    expect((await failure(services.versions.submitForReview(cast.admin, v1.id, ''))).code).toBe('FORBIDDEN');
    expect((await failure(services.versions.publishVersion(cast.admin, v1.id, ''))).code).toBe('CONFLICT');
    await services.versions.submitForReview(cast.maintainer, v1.id, 'Klar');
    expect((await failure(services.versions.submitForReview(cast.maintainer, v1.id, ''))).code).toBe(
      'CONFLICT',
    );
    expect((await failure(services.versions.publishVersion(cast.maintainer, v1.id, ''))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(services.versions.requestChanges(cast.maintainer, v1.id, 'x'))).code).toBe(
      'FORBIDDEN',
    );
    expect((await failure(services.versions.rollback(cast.admin, v1.id))).code).toBe('FORBIDDEN');
    expect((await failure(services.versions.rollback(cast.superuser, v1.id))).code).toBe('CONFLICT');

    const sentBack = await services.versions.requestChanges(cast.admin, v1.id, 'Lägg till hjälptext.');
    expect(sentBack.state).toBe('archived');
    const [draft] = await services.versions.listVersions(cast.maintainer, tool.id);
    expect(draft).toMatchObject({
      number: 2,
      state: 'draft',
      createdBy: { id: cast.maintainer.id },
      reviewMessage: 'Lägg till hjälptext.',
      derivedFromVersionId: v1.id,
    });
    const neverPublished = await failure(services.versions.rollback(cast.superuser, v1.id));
    expect(neverPublished.message).toContain('aldrig varit publicerad');
  });

  it('publishes: the reviewed version becomes active, the previous one archived, the pointer moves; rollback restores', async () => {
    const tool = await createTool(services, cast);
    const v1 = await save(services, cast.maintainer, tool.id, 'ett');
    await services.versions.submitForReview(cast.maintainer, v1.id, '');
    await services.versions.publishVersion(cast.admin, v1.id, 'Första');
    const v2 = await save(services, cast.maintainer, tool.id, 'två');
    await services.versions.submitForReview(cast.maintainer, v2.id, '');
    await services.versions.publishVersion(cast.admin, v2.id, 'Andra');
    const states = async () =>
      (await services.versions.listVersions(cast.admin, tool.id)).map((v) => `${v.number}:${v.state}`);
    expect(await states()).toEqual(['2:active', '1:archived']);
    expect((await services.tools.getTool(cast.admin, tool.id)).activeVersionId).toBe(v2.id);

    const restored = await services.versions.rollback(cast.superuser, v1.id);
    expect(restored).toMatchObject({ number: 3, state: 'active', derivedFromVersionId: v1.id });
    expect(await states()).toEqual(['3:active', '2:archived', '1:archived']);
    expect((await services.tools.getTool(cast.admin, tool.id)).activeVersionId).toBe(restored.id);
    expect((await services.versions.getVersion(cast.admin, restored.id)).sourceCode).toContain('ett');
  });

  it('never lets two versions of one tool be active, even when two publishes race', async () => {
    const tool = await createTool(services, cast);
    const v1 = await save(services, cast.maintainer, tool.id, 'a');
    await services.versions.submitForReview(cast.maintainer, v1.id, '');
    const v2 = await save(services, cast.maintainer, tool.id, 'b');
    await services.versions.submitForReview(cast.maintainer, v2.id, '');
    const results = await Promise.allSettled([
      services.versions.publishVersion(cast.admin, v1.id, ''),
      services.versions.publishVersion(cast.admin, v2.id, ''),
      services.versions.publishVersion(cast.superuser, v1.id, ''),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    const active = await queryRows<{ id: string }>(
      database.db,
      sql`select id from tool_versions where tool_id = ${tool.id} and state = 'active'`,
    );
    expect(active).toHaveLength(1);
    expect((await services.tools.getTool(cast.admin, tool.id)).activeVersionId).toBe(active[0]!.id);

    const forced = database.db.execute(
      sql`update tool_versions set state = 'active' where tool_id = ${tool.id}`,
    );
    await expect(forced).rejects.toThrow();
  });

  it('publishes a tool only with an active version and taxonomy; the slug is fixed after the first publish', async () => {
    const bare = await services.tools.createTool(cast.admin, { title: 'Närvaro', summary: '' });
    const blocked = await failure(services.tools.setPublished(cast.admin, bare.id, true));
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.details!['blockers']).toEqual([
      'Verktyget har ingen publicerad version.',
      'Välj minst en yrkesroll.',
      'Välj minst en kategori.',
    ]);
    const tool = await createTool(services, cast, 'Elevlista');
    await services.tools.updateTool(cast.admin, tool.id, { slug: 'elevlistor' });
    const v1 = await save(services, cast.maintainer, tool.id);
    await services.versions.submitForReview(cast.maintainer, v1.id, '');
    await services.versions.publishVersion(cast.admin, v1.id, '');
    expect((await services.tools.setPublished(cast.admin, tool.id, true)).status).toBe('published');
    expect((await services.catalog.getToolPage(cast.user, 'elevlistor')).versionId).toBe(v1.id);
    expect((await failure(services.tools.updateTool(cast.admin, tool.id, { slug: 'nytt-namn' }))).code).toBe(
      'CONFLICT',
    );
    expect((await services.tools.setPublished(cast.admin, tool.id, false)).status).toBe('depublished');
    expect((await failure(services.catalog.getToolPage(cast.user, 'elevlistor'))).code).toBe('NOT_FOUND');
  });

  it('keeps the audit log append-only in the database', async () => {
    await createTool(services, cast);
    const reason = (query: Promise<unknown>) =>
      query.then(
        () => 'succeeded',
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await reason(database.db.execute(sql`delete from audit_events`))).toContain('append-only');
    expect(await reason(database.db.execute(sql`update audit_events set action = 'x'`))).toContain(
      'append-only',
    );
  });
});
