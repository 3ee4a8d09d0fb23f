import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSyntaxChecker, InMemoryAuthoringUnitOfWork } from '../../test/fakes/authoring.fakes';
import { versionBody } from '../../test/governance-fixtures';
import { AppError } from '../shared/app-error';
import { ManualClock, silentLogger } from '../shared/ports';
import type { Actor } from '../shared/actor';
import type { VersionRecord } from './authoring.model';
import { VersionsService } from './versions.service';

const maja: Actor = { id: 'maja', role: 'contributor' };
const adam: Actor = { id: 'adam', role: 'admin' };
const sara: Actor = { id: 'sara', role: 'superuser' };
const TOOL = 'tool-1';
const BROKEN = 'def run_tool(i, o):\n    x = = 2\n';
const FIXED = 'def run_tool(i, o):\n    x = 2\n';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('VersionsService: source that does not compile', () => {
  let uow: InMemoryAuthoringUnitOfWork;
  let checker: FakeSyntaxChecker;
  let clock: ManualClock;
  let service: VersionsService;

  beforeEach(() => {
    uow = new InMemoryAuthoringUnitOfWork();
    checker = new FakeSyntaxChecker(uow);
    clock = new ManualClock();
    service = new VersionsService({ uow, clock, syntax: checker, log: silentLogger });
    const now = clock.now();
    uow.data.tools.set(TOOL, {
      id: TOOL,
      slug: 'gruppgenerator',
      title: 'Gruppgenerator',
      summary: '',
      ownerId: adam.id,
      isPublished: false,
      firstPublishedAt: null,
      activeVersionId: null,
      createdAt: now,
      updatedAt: now,
    });
    uow.data.maintainers.push({ toolId: TOOL, userId: maja.id, addedAt: now });
    for (const [id, name] of [
      [maja.id, 'Maja'],
      [adam.id, 'Adam'],
      [sara.id, 'Sara'],
    ] as const)
      uow.data.people.set(id, { id, name, email: `${id}@skola.se`, role: 'contributor' });
    uow.data.locks.set(TOOL, {
      toolId: TOOL,
      holderId: maja.id,
      acquiredAt: now,
      expiresAt: new Date(now.getTime() + 3_600_000),
    });
  });

  const save = async (sourceCode: string) => {
    const head = await uow.repos.versions.findHead(TOOL);
    return service.saveVersion(maja, TOOL, { ...versionBody(head?.id ?? null), sourceCode });
  };
  const stored = (id: string) => uow.data.versions.get(id)!;
  const actions = () => uow.data.audit.map((entry) => entry.action);
  /** A version as it was stored before compile checks existed. */
  const legacy = (fields: Partial<VersionRecord>) => {
    const id = `legacy-${uow.data.versions.size + 1}`;
    const version: VersionRecord = {
      ...stored([...uow.data.versions.keys()][0]!),
      id,
      number: uow.data.versions.size + 1,
      compileError: null,
      compileCheckedAt: null,
      ...fields,
    };
    uow.data.versions.set(id, version);
    return version;
  };

  it('saves a draft that does not compile, with the error, checked outside any transaction', async () => {
    const version = await save(BROKEN);

    expect(version).toMatchObject({
      state: 'draft',
      compileError: { message: 'invalid syntax', line: 2, column: 9, text: '    x = = 2' },
      compileCheckedAt: clock.now().toISOString(),
    });
    expect(stored(version.id).compileError).toEqual(version.compileError);
    expect(checker.calls).toEqual([{ sourceCode: BROKEN, isInsideTransaction: false }]);
    expect((await save(FIXED)).compileError).toBeNull();
  });

  it('refuses to submit it with the line, column and message, and changes nothing', async () => {
    const version = await save(BROKEN);

    const error = await refusal(service.submitForReview(maja, version.id, 'Klar'));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      'Koden går inte att kompilera (rad 2, kolumn 9): invalid syntax. Rätta felet och spara en ny version.',
    );
    expect(error.details).toEqual({
      reason: 'DOES_NOT_COMPILE',
      message: 'invalid syntax',
      line: 2,
      column: 9,
      text: '    x = = 2',
    });
    expect(stored(version.id)).toMatchObject({ state: 'draft', submittedAt: null });
    expect(actions()).toEqual(['version.saved']);
    expect(checker.calls).toHaveLength(1);
  });

  it('refuses to publish it even for an admin, and keeps the review state', async () => {
    const version = await save(BROKEN);
    await uow.repos.versions.update(version.id, { state: 'in_review', submittedAt: clock.now() });

    const error = await refusal(service.publishVersion(adam, version.id, ''));

    expect(error.details).toMatchObject({ reason: 'DOES_NOT_COMPILE', line: 2 });
    expect(stored(version.id)).toMatchObject({ state: 'in_review', publishedAt: null });
    expect(uow.data.tools.get(TOOL)!.activeVersionId).toBeNull();
    expect(actions()).toEqual(['version.saved']);
  });

  it('submits and publishes the fixed version', async () => {
    await save(BROKEN);
    const fixed = await save(FIXED);

    await service.submitForReview(maja, fixed.id, '');
    const published = await service.publishVersion(adam, fixed.id, '');

    expect(published).toMatchObject({ state: 'active', compileError: null });
    expect(actions()).toEqual(['version.saved', 'version.saved', 'version.submitted', 'version.published']);
  });

  it('checks a version saved before compile checks existed when it is published, and keeps the result', async () => {
    const first = await save(FIXED);
    const broken = legacy({ sourceCode: BROKEN, state: 'in_review', submittedAt: clock.now() });
    const fine = legacy({ sourceCode: FIXED, state: 'in_review', submittedAt: clock.now() });
    clock.advance(60_000);

    const error = await refusal(service.publishVersion(adam, broken.id, ''));

    expect(error.details).toMatchObject({ reason: 'DOES_NOT_COMPILE', line: 2, column: 9 });
    expect(stored(broken.id)).toMatchObject({
      state: 'in_review',
      compileError: { line: 2 },
      compileCheckedAt: clock.now(),
    });
    expect(await service.publishVersion(adam, fine.id, '')).toMatchObject({
      state: 'active',
      compileError: null,
      compileCheckedAt: clock.now().toISOString(),
    });
    expect(checker.calls.map((call) => call.isInsideTransaction)).toEqual([false, false, false]);
    expect(stored(first.id).state).toBe('draft');
  });

  it('refuses to restore a once-published version that does not compile', async () => {
    await save(FIXED);
    const old = legacy({ sourceCode: BROKEN, state: 'archived', publishedAt: clock.now() });

    const error = await refusal(service.rollback(sara, old.id));

    expect(error.details).toMatchObject({ reason: 'DOES_NOT_COMPILE', line: 2 });
    expect(uow.data.versions.size).toBe(2);
    expect(actions()).toEqual(['version.saved']);
  });

  it('carries the result to the draft made when changes are requested', async () => {
    const version = await save(BROKEN);
    await uow.repos.versions.update(version.id, { state: 'in_review', submittedAt: clock.now() });

    await service.requestChanges(adam, version.id, 'Rätta rad 2.');

    const draft = (await uow.repos.versions.findHead(TOOL))!;
    expect(draft).toMatchObject({ state: 'draft', compileError: { line: 2 } });
    expect((await refusal(service.submitForReview(maja, draft.id, ''))).details).toMatchObject({
      reason: 'DOES_NOT_COMPILE',
    });
  });

  it('saves unchecked when the checker cannot run, and checks again on submit', async () => {
    checker.failure = new Error('bubblewrap is missing');
    const version = await save(FIXED);
    expect(version).toMatchObject({ compileError: null, compileCheckedAt: null });

    await expect(service.submitForReview(maja, version.id, '')).rejects.toThrow('bubblewrap is missing');
    expect(stored(version.id)).toMatchObject({ state: 'draft', compileCheckedAt: null });

    checker.failure = null;
    expect(await service.submitForReview(maja, version.id, '')).toMatchObject({
      state: 'in_review',
      compileCheckedAt: clock.now().toISOString(),
    });
  });

  it('lets a database failure while checking who may see a version through, never as "not found"', async () => {
    const version = await save(FIXED);
    uow.repos.tools.findById = () => Promise.reject(new Error('connection terminated'));
    await expect(service.getVersion(maja, version.id)).rejects.toThrow('connection terminated');
  });
});
