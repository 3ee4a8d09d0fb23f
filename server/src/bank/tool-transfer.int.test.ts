import { renderTexts, type ToolExport } from '@skriptoteket/contracts';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import { createCast, save, type Cast } from '../../test/governance-fixtures';
import { composeRuntime, type Services } from '../compose';
import { loadConfig } from '../config';
import { queryRows, type Database } from '../db/client';
import { AppError } from '../shared/app-error';
import { ManualClock } from '../shared/ports';

const BANK_SIZE = 6;

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, details: renderTexts(error.details ?? {}, 'en') as Record<string, unknown> };
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Everything of an export that describes the tool, i.e. all but when the file was written. */
const content = ({ exportedAt: _, ...rest }: ToolExport) => rest;

describe.each(testEngines())('tool export, import and the script bank on %s', (engine) => {
  let database: Database;
  let services: Services;
  let cast: Cast;
  const opened: Database[] = [];

  async function installation() {
    const db = await openTestDatabase(engine);
    opened.push(db);
    const s = composeRuntime(loadConfig({}), db, new ManualClock()).services;
    return { db, services: s, cast: await createCast(s) };
  }

  const countRows = async (db: Database, table: string) =>
    Number((await queryRows<{ n: number }>(db.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

  beforeEach(async () => {
    ({ db: database, services, cast } = await installation());
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
  });

  // Each saved or imported version is compiled in the sandbox's checker: slow on a busy machine.
  const SLOW = { timeout: 120_000 };

  it(
    'seeds every bank tool published and runnable, and a second seeding neither duplicates nor overwrites',
    SLOW,
    async () => {
      const first = await services.bankSeeder.seed(cast.superuser);
      expect(first.created).toHaveLength(BANK_SIZE);
      expect(first.kept).toEqual([]);
      for (const slug of first.created) {
        const page = await services.catalog.getToolPage(cast.user, slug);
        expect(page.title).not.toBe('');
        expect((await services.sampleRuns.listSamples(slug)).items.length).toBeGreaterThan(0);
      }
      const group = await services.catalog.getToolPage(cast.user, 'gruppgenerator');
      await services.tools.updateTool(cast.admin, group.id, { title: 'Våra egna grupper' });

      const second = await services.bankSeeder.seed(cast.superuser);
      expect(second.created).toEqual([]);
      expect(second.kept.sort()).toEqual([...first.created].sort());
      expect(await countRows(database, 'tools')).toBe(BANK_SIZE);
      expect(await countRows(database, 'tool_versions')).toBe(BANK_SIZE);
      expect((await services.catalog.getToolPage(cast.user, 'gruppgenerator')).title).toBe(
        'Våra egna grupper',
      );
    },
  );

  it(
    'recreates a tool with identical version content, states, taxonomy and samples in an empty database',
    SLOW,
    async () => {
      await services.bankSeeder.seed(cast.superuser);
      const tool = await services.catalog.getToolPage(cast.user, 'markdown-till-word');
      // A history: a reviewed and published second version, a third waiting for review, a fourth draft.
      await services.tools.addMaintainer(cast.admin, tool.id, { userId: cast.maintainer.id });
      const v2 = await save(services, cast.maintainer, tool.id, 'Version två');
      await services.versions.submitForReview(cast.maintainer, v2.id, 'Kortare text');
      await services.versions.publishVersion(cast.admin, v2.id, 'Enklare');
      const v3 = await save(services, cast.maintainer, tool.id, 'Version tre');
      await services.versions.submitForReview(cast.maintainer, v3.id, 'Granska gärna');
      await save(services, cast.maintainer, tool.id, 'Version fyra');
      const exported = await services.transfer.exportTool(cast.admin, tool.id);
      expect(exported.versions.map((v) => [v.number, v.state])).toEqual([
        [1, 'archived'],
        [2, 'active'],
        [3, 'in_review'],
        [4, 'draft'],
      ]);
      expect(exported.samples.map((s) => s.name)).toEqual(['veckobrev.md']);
      const file = JSON.parse(JSON.stringify(exported)) as unknown;

      const other = await installation();
      const result = await other.services.transfer.importTool(other.cast.admin, file, { source: 'file' });
      expect(result).toMatchObject({
        slug: 'markdown-till-word',
        versionCount: 4,
        sampleCount: 1,
        isPublished: false,
      });
      const again = await other.services.transfer.exportTool(other.cast.admin, result.id);
      expect(content(again)).toEqual(content(exported));

      const versions = await other.services.versions.listVersions(other.cast.admin, result.id);
      const active = versions.find((v) => v.state === 'active')!;
      expect(active.number).toBe(2);
      const source = await other.services.versions.getVersion(other.cast.admin, active.id);
      const original = await services.versions.getVersion(cast.admin, v2.id);
      for (const key of [
        'sourceCode',
        'entrypoint',
        'inputSchema',
        'settingsSchema',
        'usageInstructions',
      ] as const)
        expect(source[key]).toEqual(original[key]);

      // Unpublished until an admin there publishes it; then it runs like any tool.
      expect(
        (await failure(other.services.catalog.getToolPage(other.cast.user, 'markdown-till-word'))).code,
      ).toBe('NOT_FOUND');
      await other.services.tools.setPublished(other.cast.admin, result.id, true);
      expect(
        (await other.services.catalog.getToolPage(other.cast.user, 'markdown-till-word')).versionId,
      ).toBe(active.id);
      const audit = await other.services.audit.listForTool(other.cast.admin, result.id, { limit: 10 });
      expect(audit.items.map((e) => e.action)).toContain('tool.imported');
      expect(audit.items.find((e) => e.action === 'tool.imported')!.details).toMatchObject({
        source: 'file',
        versions: 4,
        samples: 1,
      });
    },
  );

  it('refuses a slug clash and malformed files with the reason, writing nothing', SLOW, async () => {
    await services.bankSeeder.seed(cast.superuser);
    const tool = await services.catalog.getToolPage(cast.user, 'provmakare');
    const exported = await services.transfer.exportTool(cast.admin, tool.id);
    const before = await countRows(database, 'tools');

    const clash = await failure(services.transfer.importTool(cast.admin, exported, { source: 'file' }));
    expect(clash.code).toBe('VALIDATION_ERROR');
    expect(clash.details['issues']).toEqual([
      { path: ['tool', 'slug'], message: expect.stringContaining('"provmakare" already exists') },
    ]);

    const renamed = { ...exported, tool: { ...exported.tool, slug: 'provmakare-2' } };
    const twoActive = {
      ...renamed,
      versions: [exported.versions[0], { ...exported.versions[0], number: 2 }],
    };
    const badSchema = {
      ...renamed,
      versions: [{ ...exported.versions[0], inputSchema: [{ name: 'x', label: 'X', kind: 'colour' }] }],
    };
    const unknownTaxonomy = { ...renamed, tool: { ...renamed.tool, professions: ['astronaut'] } };
    const badSample = { ...renamed, samples: [{ name: '../etc/passwd', contentBase64: 'aGVq' }] };
    for (const [document, path] of [
      [{ hello: 'world' }, 'format'],
      [{ ...renamed, versions: [] }, 'versions'],
      [twoActive, 'versions'],
      [badSchema, 'versions.0.inputSchema.0.kind'],
      [unknownTaxonomy, 'tool.professions'],
      [badSample, 'samples.0.name'],
    ] as const) {
      const refused = await failure(services.transfer.importTool(cast.admin, document, { source: 'file' }));
      expect(refused.code).toBe('VALIDATION_ERROR');
      const issues = refused.details['issues'] as { path: (string | number)[]; message: string }[];
      expect(issues.map((i) => i.path.join('.'))).toContain(path);
      expect(issues.every((i) => i.message.length > 0)).toBe(true);
    }
    expect(await countRows(database, 'tools')).toBe(before);
    expect((await failure(services.transfer.exportTool(cast.maintainer, tool.id))).code).toBe('FORBIDDEN');
    expect(
      (await failure(services.transfer.importTool(cast.maintainer, renamed, { source: 'file' }))).code,
    ).toBe('FORBIDDEN');
  });
});
