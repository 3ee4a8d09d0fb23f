import {
  text,
  validateInputSchema,
  validateSettingsSchema,
  type DoesNotCompileDetails,
  type Text,
  type ReviewItem,
  type SaveVersionBody,
  type Version,
  type VersionDiff,
  type VersionSummary,
} from '@skriptoteket/contracts';
import { AppError, conflict, forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { newId } from '../shared/tokens';
import {
  canEditTool,
  contentHash,
  doesNotCompileMessage,
  isAdmin,
  isLockActive,
  TOOL_NOT_FOUND,
  type VersionContent,
  type VersionRecord,
} from './authoring.model';
import type { Actor } from '../shared/actor';
import { peopleMap, presentVersion, presentVersionSummary } from './authoring.presenter';
import type { AuthoringRepos, SyntaxChecker } from './authoring.ports';
import { requireVisibleTool } from './tools.service';
import { diffFiles } from './version-diff';

export interface VersionsServiceDeps {
  uow: UnitOfWork<AuthoringRepos>;
  clock: Clock;
  syntax: SyntaxChecker;
  log: Logger;
}

const VERSION_NOT_FOUND = text('Versionen finns inte.', 'The version does not exist.');

type CompileResult = Pick<VersionRecord, 'compileError' | 'compileCheckedAt'>;

/** Append-only versions and their review state machine: draft → in_review → active → archived. */
export class VersionsService {
  constructor(private readonly deps: VersionsServiceDeps) {}

  /** Saves editor content as a new draft on top of the tool's newest version (its head). */
  async saveVersion(actor: Actor, toolId: string, body: SaveVersionBody): Promise<Version> {
    const issues = [
      ...validateInputSchema(body.inputSchema).map((i) => ({ ...i, path: ['inputSchema', ...i.path] })),
      ...validateSettingsSchema(body.settingsSchema).map((i) => ({
        ...i,
        path: ['settingsSchema', ...i.path],
      })),
    ];
    if (issues.length > 0)
      throw invalid(
        text(
          'Schemat innehåller fel. Rätta dem och spara igen.',
          'The schema has errors. Fix them and save again.',
        ),
        issues,
      );
    // Compiled before the transaction, which must never wait for a sandbox.
    const compiled = await this.compileDraft(body.sourceCode);
    const now = this.deps.clock.now();
    return this.deps.uow.run(async (repos) => {
      const tool = await repos.tools.findByIdForUpdate(toolId);
      if (!tool || !canEditTool(actor, await repos.tools.maintainerIds(toolId)))
        throw notFound(TOOL_NOT_FOUND);
      const lock = await repos.locks.find(toolId);
      if (!isLockActive(lock, now) || lock.holderId !== actor.id) {
        throw conflict(
          text(
            'Du behöver ha verktyget öppet för redigering (låst av dig) för att spara.',
            'You need to have the tool open for editing (locked by you) to save.',
          ),
          {
            reason: 'LOCK_REQUIRED',
          },
        );
      }
      const head = await repos.versions.findHead(toolId);
      if ((head?.id ?? null) !== body.baseVersionId) {
        const person = await peopleMap(repos.people, [head?.createdBy ?? null]);
        const who = head ? person(head.createdBy)!.name : null;
        throw conflict(
          text(
            `${who ?? 'någon'} har sparat en nyare version (nummer ${head?.number ?? 0}) sedan du började. Ladda om och gör om ändringen.`,
            `${who ?? 'Someone'} has saved a newer version (number ${head?.number ?? 0}) since you started. Reload and make the change again.`,
          ),
          {
            reason: 'STALE_BASE',
            headVersionId: head?.id ?? null,
            headNumber: head?.number ?? 0,
            savedBy: head ? person(head.createdBy) : null,
          },
        );
      }
      const content: VersionContent = {
        sourceCode: body.sourceCode,
        entrypoint: body.entrypoint,
        inputSchema: body.inputSchema,
        settingsSchema: body.settingsSchema,
        usageInstructions: body.usageInstructions,
      };
      const version = this.newVersion(toolId, (head?.number ?? 0) + 1, content, actor.id, now, {
        derivedFromVersionId: head?.id ?? null,
        ...compiled,
      });
      await repos.versions.insert(version);
      await repos.audit.append({
        toolId,
        actorId: actor.id,
        action: 'version.saved',
        details: { versionId: version.id, number: version.number },
        createdAt: now,
      });
      return presentVersion(version, await peopleMap(repos.people, [actor.id]));
    });
  }

  async submitForReview(actor: Actor, versionId: string, note: string): Promise<VersionSummary> {
    await this.ensureCompileChecked(actor, versionId);
    return this.transition(actor, versionId, async (repos, version, now) => {
      if (version.createdBy !== actor.id)
        throw forbidden(
          text(
            'Du kan bara skicka dina egna utkast för granskning.',
            'You can only submit your own drafts for review.',
          ),
        );
      requireState(
        version,
        'draft',
        text('Bara utkast kan skickas för granskning.', 'Only drafts can be submitted for review.'),
      );
      requireCompiles(version);
      await repos.versions.update(version.id, {
        state: 'in_review',
        submittedBy: actor.id,
        submittedAt: now,
        submitNote: note || null,
      });
      return { action: 'version.submitted', details: { note } };
    });
  }

  /** The reviewed version becomes the tool's active version; the previous active one is archived. */
  async publishVersion(actor: Actor, versionId: string, changeSummary: string): Promise<VersionSummary> {
    requireAdmin(actor);
    await this.ensureCompileChecked(actor, versionId);
    return this.transition(actor, versionId, async (repos, version, now) => {
      requireState(
        version,
        'in_review',
        text(
          'Bara versioner som väntar på granskning kan publiceras.',
          'Only versions waiting for review can be published.',
        ),
      );
      requireCompiles(version);
      await this.activate(repos, version.toolId, version.id, now);
      await repos.versions.update(version.id, {
        state: 'active',
        reviewedBy: actor.id,
        reviewedAt: now,
        publishedBy: actor.id,
        publishedAt: now,
        changeSummary: changeSummary || null,
      });
      return { action: 'version.published', details: { changeSummary } };
    });
  }

  /** Sends the version back: it is archived and its author gets a new draft with the same content and the message. */
  async requestChanges(actor: Actor, versionId: string, message: string): Promise<VersionSummary> {
    requireAdmin(actor);
    return this.transition(actor, versionId, async (repos, version, now) => {
      requireState(
        version,
        'in_review',
        text(
          'Bara versioner som väntar på granskning kan skickas tillbaka.',
          'Only versions waiting for review can be sent back.',
        ),
      );
      await repos.versions.update(version.id, {
        state: 'archived',
        reviewedBy: actor.id,
        reviewedAt: now,
        reviewMessage: message,
      });
      const head = await repos.versions.findHead(version.toolId);
      const draft = this.newVersion(version.toolId, head!.number + 1, version, version.createdBy, now, {
        derivedFromVersionId: version.id,
        compileError: version.compileError,
        compileCheckedAt: version.compileCheckedAt,
        reviewedBy: actor.id,
        reviewedAt: now,
        reviewMessage: message,
      });
      await repos.versions.insert(draft);
      return {
        action: 'version.changes_requested',
        details: { message, newDraftId: draft.id, newDraftNumber: draft.number },
      };
    });
  }

  /** Makes a previously published version active again, as a new version that records where it came from. */
  async rollback(actor: Actor, versionId: string): Promise<VersionSummary> {
    if (actor.role !== 'superuser')
      throw forbidden(
        text(
          'Bara superanvändare kan återställa en tidigare version.',
          'Only superusers can restore an earlier version.',
        ),
      );
    await this.ensureCompileChecked(actor, versionId);
    let created: VersionRecord | undefined;
    await this.transition(actor, versionId, async (repos, version, now) => {
      requireState(
        version,
        'archived',
        text('Bara arkiverade versioner kan återställas.', 'Only archived versions can be restored.'),
      );
      if (!version.publishedAt)
        throw conflict(
          text(
            'Versionen har aldrig varit publicerad och kan därför inte återställas.',
            'The version has never been published, so it cannot be restored.',
          ),
        );
      requireCompiles(version);
      const head = await repos.versions.findHead(version.toolId);
      created = this.newVersion(version.toolId, head!.number + 1, version, actor.id, now, {
        derivedFromVersionId: version.id,
        compileError: version.compileError,
        compileCheckedAt: version.compileCheckedAt,
        publishedBy: actor.id,
        publishedAt: now,
        changeSummary: `Återställd från version ${version.number}.`,
      });
      await this.activate(repos, version.toolId, null, now);
      await repos.versions.insert({ ...created, state: 'active' });
      await repos.tools.update(version.toolId, { activeVersionId: created.id, updatedAt: now });
      return {
        action: 'version.rolled_back',
        details: {
          fromVersionId: version.id,
          fromNumber: version.number,
          newVersionId: created.id,
          newNumber: created.number,
        },
      };
    });
    return this.getVersionSummary(actor, created!.id);
  }

  async listVersions(actor: Actor, toolId: string): Promise<VersionSummary[]> {
    return this.deps.uow.run(async (repos) => {
      await requireVisibleTool(repos, actor, toolId);
      const versions = await repos.versions.listByTool(toolId);
      const person = await peopleMap(repos.people, versions.flatMap(involved));
      return versions.map((v) => presentVersionSummary(v, person));
    });
  }

  async getVersion(actor: Actor, versionId: string): Promise<Version> {
    return this.deps.uow.run(async (repos) => {
      const version = await requireVisibleVersion(repos, actor, versionId);
      return presentVersion(version, await peopleMap(repos.people, involved(version)));
    });
  }

  async diff(actor: Actor, fromId: string, toId: string): Promise<VersionDiff> {
    return this.deps.uow.run(async (repos) => {
      const from = await requireVisibleVersion(repos, actor, fromId);
      const to = await requireVisibleVersion(repos, actor, toId);
      if (from.toolId !== to.toolId)
        throw invalid(text('Versionerna hör till olika verktyg.', 'The versions belong to different tools.'));
      const person = await peopleMap(repos.people, [...involved(from), ...involved(to)]);
      return {
        from: presentVersionSummary(from, person),
        to: presentVersionSummary(to, person),
        files: diffFiles(from, to),
      };
    });
  }

  /** Versions waiting for review across all tools, oldest submission first. */
  async reviewQueue(actor: Actor): Promise<ReviewItem[]> {
    requireAdmin(actor);
    return this.deps.uow.run(async (repos) => {
      const versions = await repos.versions.listInReview();
      const person = await peopleMap(repos.people, versions.flatMap(involved));
      const items: ReviewItem[] = [];
      for (const v of versions) {
        const tool = (await repos.tools.findById(v.toolId))!;
        items.push({
          version: presentVersionSummary(v, person),
          tool: { id: tool.id, slug: tool.slug, title: tool.title, activeVersionId: tool.activeVersionId },
        });
      }
      return items;
    });
  }

  private async getVersionSummary(actor: Actor, versionId: string): Promise<VersionSummary> {
    const {
      sourceCode: _s,
      entrypoint: _e,
      inputSchema: _i,
      settingsSchema: _st,
      usageInstructions: _u,
      ...summary
    } = await this.getVersion(actor, versionId);
    return summary;
  }

  /**
   * A draft is saved even when it does not compile (work in progress), with the error. When the checker itself
   * fails, the draft is saved unchecked, which the version shows; submitting checks it again and fails loudly.
   */
  private async compileDraft(sourceCode: string): Promise<CompileResult> {
    try {
      return await this.compile(sourceCode);
    } catch (error) {
      this.deps.log.error({ err: error }, 'the syntax checker failed; the draft is saved unchecked');
      return { compileError: null, compileCheckedAt: null };
    }
  }

  private async compile(sourceCode: string): Promise<CompileResult> {
    const result = await this.deps.syntax.check(sourceCode);
    return { compileError: result.error, compileCheckedAt: this.deps.clock.now() };
  }

  /** Versions saved before compile checks existed are checked on their first transition, and the result kept. */
  private async ensureCompileChecked(actor: Actor, versionId: string): Promise<void> {
    const version = await this.deps.uow.run((repos) => requireVisibleVersion(repos, actor, versionId));
    if (version.compileCheckedAt) return;
    const compiled = await this.compile(version.sourceCode);
    await this.deps.uow.run((repos) => repos.versions.update(version.id, compiled));
  }

  /** Archives the tool's current active version and points the tool at `nextActiveId`. */
  private async activate(
    repos: AuthoringRepos,
    toolId: string,
    nextActiveId: string | null,
    now: Date,
  ): Promise<void> {
    const tool = (await repos.tools.findByIdForUpdate(toolId))!;
    if (tool.activeVersionId) await repos.versions.update(tool.activeVersionId, { state: 'archived' });
    if (nextActiveId) await repos.tools.update(toolId, { activeVersionId: nextActiveId, updatedAt: now });
  }

  private async transition(
    actor: Actor,
    versionId: string,
    apply: (
      repos: AuthoringRepos,
      version: VersionRecord,
      now: Date,
    ) => Promise<{
      action: 'version.submitted' | 'version.published' | 'version.changes_requested' | 'version.rolled_back';
      details: Record<string, unknown>;
    }>,
  ): Promise<VersionSummary> {
    const now = this.deps.clock.now();
    return this.deps.uow.run(async (repos) => {
      const peek = await requireVisibleVersion(repos, actor, versionId);
      // Lock the tool row first so that concurrent transitions on one tool run one after the other.
      await repos.tools.findByIdForUpdate(peek.toolId);
      const version = (await repos.versions.findById(versionId))!;
      const { action, details } = await apply(repos, version, now);
      await repos.audit.append({
        toolId: version.toolId,
        actorId: actor.id,
        action,
        details: { versionId: version.id, number: version.number, ...details },
        createdAt: now,
      });
      const updated = (await repos.versions.findById(versionId))!;
      return presentVersionSummary(updated, await peopleMap(repos.people, involved(updated)));
    });
  }

  private newVersion(
    toolId: string,
    number: number,
    content: VersionContent,
    createdBy: string,
    now: Date,
    extra: Partial<VersionRecord>,
  ): VersionRecord {
    const copy: VersionContent = {
      sourceCode: content.sourceCode,
      entrypoint: content.entrypoint,
      inputSchema: content.inputSchema,
      settingsSchema: content.settingsSchema,
      usageInstructions: content.usageInstructions,
    };
    return {
      id: newId(),
      toolId,
      number,
      state: 'draft',
      ...copy,
      contentHash: contentHash(copy),
      createdBy,
      createdAt: now,
      submittedBy: null,
      submittedAt: null,
      submitNote: null,
      reviewedBy: null,
      reviewedAt: null,
      reviewMessage: null,
      publishedBy: null,
      publishedAt: null,
      changeSummary: null,
      derivedFromVersionId: null,
      compileError: null,
      compileCheckedAt: null,
      ...extra,
    };
  }
}

function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor))
    throw forbidden(
      text('Bara administratörer kan granska och publicera.', 'Only administrators can review and publish.'),
    );
}

function requireState(version: VersionRecord, state: VersionRecord['state'], message: Text): void {
  if (version.state !== state) throw new AppError('CONFLICT', message, { state: version.state });
}

function requireCompiles(version: VersionRecord): void {
  if (!version.compileCheckedAt) throw new Error(`version ${version.id} was not compile-checked`);
  const message = doesNotCompileMessage(version);
  if (!message || !version.compileError) return;
  const details: DoesNotCompileDetails = { reason: 'DOES_NOT_COMPILE', ...version.compileError };
  throw conflict(message, details);
}

async function requireVisibleVersion(
  repos: AuthoringRepos,
  actor: Actor,
  versionId: string,
): Promise<VersionRecord> {
  const version = await repos.versions.findById(versionId);
  if (!version) throw notFound(VERSION_NOT_FOUND);
  // A version of a tool the actor may not see does not exist for them; any other failure stays what it is.
  await requireVisibleTool(repos, actor, version.toolId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound(VERSION_NOT_FOUND);
    throw error;
  });
  return version;
}

const involved = (v: VersionRecord) => [v.createdBy, v.reviewedBy, v.publishedBy, v.submittedBy];
