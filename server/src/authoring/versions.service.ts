import {
  text,
  validateInputSchema,
  validateSettingsSchema,
  type ReviewItem,
  type SaveVersionBody,
  type Version,
  type VersionDiff,
  type VersionSummary,
} from '@skriptoteket/contracts';
import { conflict, forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { newId } from '../shared/tokens';
import {
  canEditTool,
  draftVersion,
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
import {
  involved,
  requireAdmin,
  requireCompiles,
  requireState,
  requireVisibleVersion,
  VersionCompiler,
} from './version-guards';

export interface VersionsServiceDeps {
  uow: UnitOfWork<AuthoringRepos>;
  clock: Clock;
  syntax: SyntaxChecker;
  log: Logger;
}

/** Append-only versions and their review state machine: draft → in_review → active → archived. */
export class VersionsService {
  private readonly compiler: VersionCompiler;

  constructor(private readonly deps: VersionsServiceDeps) {
    this.compiler = new VersionCompiler(deps);
  }

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
    const compiled = await this.compiler.compileDraft(body.sourceCode);
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
      const version = draftVersion(newId(), toolId, (head?.number ?? 0) + 1, content, actor.id, now, {
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
    await this.compiler.ensureChecked(actor, versionId);
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
    await this.compiler.ensureChecked(actor, versionId);
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
      const draft = draftVersion(newId(), version.toolId, head!.number + 1, version, version.createdBy, now, {
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
    await this.compiler.ensureChecked(actor, versionId);
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
      created = draftVersion(newId(), version.toolId, head!.number + 1, version, actor.id, now, {
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
}
