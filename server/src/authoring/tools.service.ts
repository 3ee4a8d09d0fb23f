import {
  text,
  type AdminTool,
  type AdminToolSummary,
  type Person,
  type PatchToolBody,
  type ToolLock,
} from '@skriptoteket/contracts';
import { conflict, forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock, UnitOfWork } from '../shared/ports';
import { newId } from '../shared/tokens';
import {
  canEditTool,
  isAdmin,
  isLockActive,
  LOCK_MINUTES,
  publishToolBlockers,
  TOOL_NOT_FOUND,
  suggestSlug,
  type LockRecord,
  type ToolRecord,
} from './authoring.model';
import type { Actor } from '../shared/actor';
import { peopleMap, presentToolSummary } from './authoring.presenter';
import type { AuthoringRepos, ToolListFilter } from './authoring.ports';

const MAINTAINERS_ADMIN_ONLY = text(
  'Bara administratörer kan ändra vilka som underhåller ett verktyg.',
  'Only administrators can change who maintains a tool.',
);

export interface ToolsServiceDeps {
  uow: UnitOfWork<AuthoringRepos>;
  clock: Clock;
}

/** Tools as things to govern: metadata, taxonomy, maintainers, edit locks and catalog visibility. */
export class ToolsService {
  constructor(private readonly deps: ToolsServiceDeps) {}

  async createTool(actor: Actor, input: { title: string; summary: string }): Promise<AdminTool> {
    if (!isAdmin(actor))
      throw forbidden(
        text('Bara administratörer kan skapa verktyg.', 'Only administrators can create tools.'),
      );
    const now = this.deps.clock.now();
    const id = newId();
    await this.deps.uow.run(async (repos) => {
      const slug = await uniqueSlug(repos, suggestSlug(input.title));
      await repos.tools.insert({
        id,
        slug,
        title: input.title,
        summary: input.summary,
        ownerId: actor.id,
        isPublished: false,
        firstPublishedAt: null,
        activeVersionId: null,
        createdAt: now,
        updatedAt: now,
      });
      await repos.tools.addMaintainer(id, actor.id, now);
      await repos.audit.append({
        toolId: id,
        actorId: actor.id,
        action: 'tool.created',
        details: { title: input.title, slug },
        createdAt: now,
      });
    });
    return this.getTool(actor, id);
  }

  async listTools(actor: Actor, filter: Omit<ToolListFilter, 'maintainerId'>): Promise<AdminToolSummary[]> {
    const scope = isAdmin(actor) ? filter : { ...filter, maintainerId: actor.id };
    const rows = await this.deps.uow.run((repos) => repos.tools.list(scope));
    return rows.map(presentToolSummary);
  }

  async getTool(actor: Actor, toolId: string): Promise<AdminTool> {
    return this.deps.uow.run(async (repos) => {
      const tool = await requireVisibleTool(repos, actor, toolId);
      const [row] = await repos.tools.list({ ids: [toolId] });
      const maintainerIds = await repos.tools.maintainerIds(toolId);
      const lock = await repos.locks.find(toolId);
      const now = this.deps.clock.now();
      const activeLock = isLockActive(lock, now) ? lock : null;
      const person = await peopleMap(repos.people, [
        tool.ownerId,
        ...maintainerIds,
        activeLock?.holderId ?? null,
      ]);
      return {
        ...presentToolSummary(row!),
        owner: person(tool.ownerId)!,
        maintainers: maintainerIds.map((id) => person(id)!),
        isSlugLocked: tool.firstPublishedAt !== null,
        lock: activeLock ? presentLock(activeLock, person(activeLock.holderId)!, actor) : null,
        createdAt: tool.createdAt.toISOString(),
        canEdit: canEditTool(actor, maintainerIds),
        canAdminister: isAdmin(actor),
      };
    });
  }

  async updateTool(actor: Actor, toolId: string, patch: PatchToolBody): Promise<AdminTool> {
    if (!isAdmin(actor))
      throw forbidden(
        text(
          'Bara administratörer kan ändra verktygets uppgifter.',
          'Only administrators can change the tool’s details.',
        ),
      );
    const now = this.deps.clock.now();
    await this.deps.uow.run(async (repos) => {
      const tool = await repos.tools.findByIdForUpdate(toolId);
      if (!tool) throw notFound(TOOL_NOT_FOUND);
      const changes: Record<string, unknown> = {};
      if (patch.slug !== undefined && patch.slug !== tool.slug) {
        if (tool.firstPublishedAt)
          throw conflict(
            text(
              'Adressen kan inte ändras efter att verktyget har publicerats.',
              'The address cannot be changed after the tool has been published.',
            ),
          );
        if (await repos.tools.isSlugTaken(patch.slug, toolId))
          throw conflict(
            text(
              `Adressen "${patch.slug}" används redan av ett annat verktyg.`,
              `The address "${patch.slug}" is already used by another tool.`,
            ),
          );
        changes['slug'] = { from: tool.slug, to: patch.slug };
      }
      for (const key of ['title', 'summary'] as const) {
        if (patch[key] !== undefined && patch[key] !== tool[key])
          changes[key] = { from: tool[key], to: patch[key] };
      }
      const taxonomy = await this.checkTaxonomy(repos, patch);
      const before = await repos.tools.taxonomyOf(toolId);
      for (const key of ['professions', 'categories'] as const) {
        const next = taxonomy[key];
        if (next && [...next].sort().join() !== [...before[key]].sort().join())
          changes[key] = { from: before[key], to: next };
      }
      if (Object.keys(changes).length === 0) return;
      await repos.tools.update(toolId, {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.summary !== undefined ? { summary: patch.summary } : {}),
        ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
        updatedAt: now,
      });
      await repos.tools.setTaxonomy(toolId, taxonomy);
      await repos.audit.append({
        toolId,
        actorId: actor.id,
        action: 'tool.updated',
        details: changes,
        createdAt: now,
      });
    });
    return this.getTool(actor, toolId);
  }

  async setPublished(actor: Actor, toolId: string, isPublished: boolean): Promise<AdminTool> {
    if (!isAdmin(actor))
      throw forbidden(
        text('Bara administratörer kan publicera verktyg.', 'Only administrators can publish tools.'),
      );
    const now = this.deps.clock.now();
    await this.deps.uow.run(async (repos) => {
      const tool = await repos.tools.findByIdForUpdate(toolId);
      if (!tool) throw notFound(TOOL_NOT_FOUND);
      if (tool.isPublished === isPublished) return;
      if (isPublished) {
        const active = tool.activeVersionId ? await repos.versions.findById(tool.activeVersionId) : null;
        const blockers = publishToolBlockers(tool, active, await repos.tools.taxonomyOf(toolId));
        if (blockers.length > 0)
          throw conflict(
            text(
              `Verktyget kan inte publiceras än: ${blockers.map((b) => b.sv).join(' ')}`,
              `The tool cannot be published yet: ${blockers.map((b) => b.en).join(' ')}`,
            ),
            { blockers },
          );
      }
      await repos.tools.update(toolId, {
        isPublished,
        updatedAt: now,
        ...(isPublished && !tool.firstPublishedAt ? { firstPublishedAt: now } : {}),
      });
      const action = isPublished ? 'tool.published' : 'tool.depublished';
      await repos.audit.append({
        toolId,
        actorId: actor.id,
        action,
        details: { slug: tool.slug },
        createdAt: now,
      });
    });
    return this.getTool(actor, toolId);
  }

  async listMaintainers(actor: Actor, toolId: string): Promise<Person[]> {
    return (await this.getTool(actor, toolId)).maintainers;
  }

  async addMaintainer(
    actor: Actor,
    toolId: string,
    who: { userId: string } | { email: string },
  ): Promise<Person[]> {
    if (!isAdmin(actor)) throw forbidden(MAINTAINERS_ADMIN_ONLY);
    const now = this.deps.clock.now();
    await this.deps.uow.run(async (repos) => {
      if (!(await repos.tools.findByIdForUpdate(toolId))) throw notFound(TOOL_NOT_FOUND);
      const person =
        'userId' in who
          ? (await repos.people.findByIds([who.userId]))[0]
          : await repos.people.findByEmail(who.email.toLowerCase());
      if (!person)
        throw invalid(
          text(
            'Det finns ingen användare med den e-postadressen.',
            'There is no user with that email address.',
          ),
          [{ path: ['email'], message: text('Okänd användare.', 'Unknown user.') }],
        );
      if (person.role === 'user')
        throw invalid(
          text(
            `${person.name} behöver vara minst bidragsgivare för att underhålla verktyg.`,
            `${person.name} needs to be at least a contributor to maintain tools.`,
          ),
        );
      if (await repos.tools.addMaintainer(toolId, person.id, now)) {
        await repos.audit.append({
          toolId,
          actorId: actor.id,
          action: 'maintainer.added',
          details: { userId: person.id, email: person.email },
          createdAt: now,
        });
      }
    });
    return this.listMaintainers(actor, toolId);
  }

  async removeMaintainer(actor: Actor, toolId: string, userId: string): Promise<Person[]> {
    if (!isAdmin(actor)) throw forbidden(MAINTAINERS_ADMIN_ONLY);
    const now = this.deps.clock.now();
    await this.deps.uow.run(async (repos) => {
      if (!(await repos.tools.findByIdForUpdate(toolId))) throw notFound(TOOL_NOT_FOUND);
      if (!(await repos.tools.removeMaintainer(toolId, userId)))
        throw notFound(
          text('Personen underhåller inte verktyget.', 'That person does not maintain the tool.'),
        );
      await repos.audit.append({
        toolId,
        actorId: actor.id,
        action: 'maintainer.removed',
        details: { userId },
        createdAt: now,
      });
    });
    return this.listMaintainers(actor, toolId);
  }

  /** Takes or refreshes the edit lock (heartbeat). Admins may take over another holder's lock with `force`. */
  async acquireLock(actor: Actor, toolId: string, force: boolean): Promise<ToolLock> {
    const now = this.deps.clock.now();
    return this.deps.uow.run(async (repos) => {
      const tool = await repos.tools.findByIdForUpdate(toolId);
      // A tool I do not maintain does not exist for me: a 403 would tell that it does.
      if (!tool || !canEditTool(actor, await repos.tools.maintainerIds(toolId)))
        throw notFound(TOOL_NOT_FOUND);
      const current = await repos.locks.find(toolId);
      if (isLockActive(current, now) && current.holderId !== actor.id) {
        const holder = (await peopleMap(repos.people, [current.holderId]))(current.holderId)!;
        if (!force || !isAdmin(actor)) {
          throw conflict(
            text(
              `${holder.name} redigerar verktyget just nu.`,
              `${holder.name} is editing the tool right now.`,
            ),
            {
              holder,
              expiresAt: current.expiresAt.toISOString(),
            },
          );
        }
        await repos.audit.append({
          toolId,
          actorId: actor.id,
          action: 'lock.taken_over',
          details: { fromUserId: holder.id, fromName: holder.name },
          createdAt: now,
        });
      }
      const keepsLock = isLockActive(current, now) && current.holderId === actor.id;
      const lock: LockRecord = {
        toolId,
        holderId: actor.id,
        acquiredAt: keepsLock ? current.acquiredAt : now,
        expiresAt: new Date(now.getTime() + LOCK_MINUTES * 60_000),
      };
      await repos.locks.upsert(lock);
      const me = (await peopleMap(repos.people, [actor.id]))(actor.id)!;
      return presentLock(lock, me, actor);
    });
  }

  async releaseLock(actor: Actor, toolId: string): Promise<void> {
    await this.deps.uow.run(async (repos) => {
      await requireVisibleTool(repos, actor, toolId);
      const lock = await repos.locks.find(toolId);
      if (!lock) return;
      if (lock.holderId !== actor.id && !isAdmin(actor))
        throw forbidden(
          text('Bara den som redigerar kan släppa låset.', 'Only the person editing can release the lock.'),
        );
      await repos.locks.remove(toolId);
    });
  }

  private async checkTaxonomy(repos: AuthoringRepos, patch: PatchToolBody) {
    const result: { professions?: string[]; categories?: string[] } = {};
    if (patch.professions) {
      const wanted = [...new Set(patch.professions)];
      const known = await repos.taxonomy.existingProfessions(wanted);
      const unknown = wanted.filter((s) => !known.includes(s));
      if (unknown.length)
        throw invalid(
          text(`Okända yrkesroller: ${unknown.join(', ')}.`, `Unknown professions: ${unknown.join(', ')}.`),
          [{ path: ['professions'], message: text('Okänd yrkesroll.', 'Unknown profession.') }],
        );
      result.professions = wanted;
    }
    if (patch.categories) {
      const wanted = [...new Set(patch.categories)];
      const known = await repos.taxonomy.existingCategories(wanted);
      const unknown = wanted.filter((s) => !known.includes(s));
      if (unknown.length)
        throw invalid(
          text(`Okända kategorier: ${unknown.join(', ')}.`, `Unknown categories: ${unknown.join(', ')}.`),
          [{ path: ['categories'], message: text('Okänd kategori.', 'Unknown category.') }],
        );
      result.categories = wanted;
    }
    return result;
  }
}

/** A tool the actor may see in the authoring area; others' tools are "not found" to contributors. */
export async function requireVisibleTool(
  repos: AuthoringRepos,
  actor: Actor,
  toolId: string,
): Promise<ToolRecord> {
  const tool = await repos.tools.findById(toolId);
  if (!tool || !canEditTool(actor, await repos.tools.maintainerIds(toolId))) throw notFound(TOOL_NOT_FOUND);
  return tool;
}

export async function uniqueSlug(repos: AuthoringRepos, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base.slice(0, 76)}-${n}`;
    if (!(await repos.tools.isSlugTaken(candidate))) return candidate;
  }
}

function presentLock(lock: LockRecord, holder: Person, actor: Actor): ToolLock {
  return {
    holder,
    acquiredAt: lock.acquiredAt.toISOString(),
    expiresAt: lock.expiresAt.toISOString(),
    isMine: lock.holderId === actor.id,
  };
}
