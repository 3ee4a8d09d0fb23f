import {
  hasRole,
  text,
  type CreateSuggestionBody,
  type Suggestion,
  type SuggestionDecisionBody,
  type SuggestionListQuery,
} from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { newId } from '../shared/tokens';
import { isAdmin, suggestSlug } from '../authoring/authoring.model';
import { peopleMap } from '../authoring/authoring.presenter';
import { uniqueSlug } from '../authoring/tools.service';
import type { PageUrl } from '../people/user-admin.ports';
import {
  assertUndecided,
  decodeCursor,
  encodeCursor,
  isOutcomeNew,
  SUGGESTION_NOT_FOUND,
  type SuggestionRecord,
} from './suggestions.model';
import type { SuggestionListFilter, SuggestionMail, SuggestionRepos } from './suggestions.ports';

export interface SuggestionsServiceDeps {
  uow: UnitOfWork<SuggestionRepos>;
  clock: Clock;
  mail: SuggestionMail;
  pageUrl: PageUrl;
  log: Logger;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Contributors suggest tools; admins accept (a draft tool the suggester maintains) or decline with a reason. */
export class SuggestionsService {
  constructor(private readonly deps: SuggestionsServiceDeps) {}

  async submit(actor: Actor, body: CreateSuggestionBody): Promise<Suggestion> {
    if (!hasRole(actor.role, 'contributor'))
      throw forbidden(
        text('Bara bidragsgivare kan föreslå verktyg.', 'Only contributors can suggest tools.'),
      );
    const suggestion: SuggestionRecord = {
      id: newId(),
      suggesterId: actor.id,
      title: body.title,
      description: body.description,
      professions: [...new Set(body.professions)],
      categories: [...new Set(body.categories)],
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      declineReason: null,
      toolId: null,
      outcomeSeenAt: null,
      createdAt: this.deps.clock.now(),
    };
    return this.deps.uow.run(async (repos) => {
      await assertTaxonomy(repos, suggestion);
      await repos.suggestions.insert(suggestion);
      return (await present(repos, [suggestion]))[0]!;
    });
  }

  /** The caller's own suggestions, newest first; decisions they have not yet seen are marked new. */
  async listMine(
    actor: Actor,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Suggestion>> {
    return this.page({ suggesterId: actor.id }, page);
  }

  async markOutcomesSeen(actor: Actor): Promise<{ marked: number }> {
    const marked = await this.deps.uow.run((repos) =>
      repos.suggestions.markOutcomesSeen(actor.id, this.deps.clock.now()),
    );
    return { marked };
  }

  async listAll(actor: Actor, query: SuggestionListQuery): Promise<Page<Suggestion>> {
    requireAdmin(actor);
    return this.page(query.status ? { status: query.status } : {}, query);
  }

  async get(actor: Actor, id: string): Promise<Suggestion> {
    return this.deps.uow.run(async (repos) => {
      const suggestion = await repos.suggestions.findById(id);
      if (!suggestion || (!isAdmin(actor) && suggestion.suggesterId !== actor.id))
        throw notFound(SUGGESTION_NOT_FOUND);
      return (await present(repos, [suggestion]))[0]!;
    });
  }

  async decide(actor: Actor, id: string, decision: SuggestionDecisionBody): Promise<Suggestion> {
    requireAdmin(actor);
    const now = this.deps.clock.now();
    const decided = await this.deps.uow.run(async (repos) => {
      const suggestion = await repos.suggestions.findByIdForUpdate(id);
      if (!suggestion) throw notFound(SUGGESTION_NOT_FOUND);
      assertUndecided(suggestion);
      const changes =
        decision.decision === 'accept'
          ? await this.accept(repos, actor, suggestion, decision, now)
          : { status: 'declined' as const, declineReason: decision.reason };
      const fields = { ...changes, decidedBy: actor.id, decidedAt: now };
      await repos.suggestions.update(id, fields);
      const updated = { ...suggestion, ...fields };
      if (updated.status === 'declined')
        await repos.audit.append({
          toolId: null,
          actorId: actor.id,
          action: 'suggestion.declined',
          details: {
            suggestionId: id,
            title: suggestion.title,
            reason: decision.decision === 'decline' ? decision.reason : '',
          },
          createdAt: now,
        });
      return { suggestion: updated, recipient: await repos.recipients.find(suggestion.suggesterId) };
    });
    await this.notify(decided.suggestion, decided.recipient);
    return this.get(actor, id);
  }

  /** Makes the draft tool: owned and maintained by the suggester, with the decision's title and taxonomy. */
  private async accept(
    repos: SuggestionRepos,
    actor: Actor,
    suggestion: SuggestionRecord,
    decision: Extract<SuggestionDecisionBody, { decision: 'accept' }>,
    now: Date,
  ) {
    const taxonomy = {
      professions: [...new Set(decision.professions)],
      categories: [...new Set(decision.categories)],
    };
    await assertTaxonomy(repos, taxonomy);
    const title = decision.title ?? suggestion.title;
    const toolId = newId();
    const slug = await uniqueSlug(repos, suggestSlug(title));
    await repos.tools.insert({
      id: toolId,
      slug,
      title,
      summary: decision.summary,
      ownerId: suggestion.suggesterId,
      isPublished: false,
      firstPublishedAt: null,
      activeVersionId: null,
      createdAt: now,
      updatedAt: now,
    });
    await repos.tools.addMaintainer(toolId, suggestion.suggesterId, now);
    await repos.tools.setTaxonomy(toolId, taxonomy);
    const details = { suggestionId: suggestion.id, title, slug, suggesterId: suggestion.suggesterId };
    await repos.audit.append({ toolId, actorId: actor.id, action: 'tool.created', details, createdAt: now });
    await repos.audit.append({
      toolId,
      actorId: actor.id,
      action: 'suggestion.accepted',
      details,
      createdAt: now,
    });
    return { status: 'accepted' as const, toolId, declineReason: null };
  }

  /** A mail that cannot be sent is logged: the decision stands, and the app shows it to the suggester. */
  private async notify(
    suggestion: SuggestionRecord,
    recipient: Awaited<ReturnType<SuggestionRepos['recipients']['find']>>,
  ) {
    if (!recipient || suggestion.status === 'pending') return;
    try {
      await this.deps.mail.decided(recipient, {
        title: suggestion.title,
        status: suggestion.status,
        reason: suggestion.declineReason,
        url: this.deps.pageUrl('/my/suggestions'),
      });
    } catch (error) {
      this.deps.log.error(
        { err: error, suggestionId: suggestion.id },
        'could not mail a suggestion decision',
      );
    }
  }

  private async page(
    filter: Omit<SuggestionListFilter, 'limit' | 'after'>,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Suggestion>> {
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    if (after === null) throw invalid(text('Ogiltig sidmarkör.', 'Invalid page cursor.'));
    return this.deps.uow.run(async (repos) => {
      const rows = await repos.suggestions.list({
        ...filter,
        ...(after ? { after } : {}),
        limit: page.limit + 1,
      });
      const shown = rows.slice(0, page.limit);
      return {
        items: await present(repos, shown),
        nextCursor: rows.length > page.limit ? encodeCursor(shown.at(-1)!) : null,
      };
    });
  }
}

function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor))
    throw forbidden(
      text('Bara administratörer kan hantera förslag.', 'Only administrators can handle suggestions.'),
    );
}

async function assertTaxonomy(
  repos: SuggestionRepos,
  taxonomy: { professions: string[]; categories: string[] },
): Promise<void> {
  const knownProfessions = await repos.taxonomy.existingProfessions(taxonomy.professions);
  const knownCategories = await repos.taxonomy.existingCategories(taxonomy.categories);
  const issues = [
    ...(knownProfessions.length === taxonomy.professions.length
      ? []
      : [{ path: ['professions'], message: text('Okänd yrkesroll.', 'Unknown profession.') }]),
    ...(knownCategories.length === taxonomy.categories.length
      ? []
      : [{ path: ['categories'], message: text('Okänd kategori.', 'Unknown category.') }]),
  ];
  if (issues.length > 0)
    throw invalid(
      text('Välj yrkesroller och kategorier ur listan.', 'Choose professions and categories from the list.'),
      issues,
    );
}

async function present(repos: SuggestionRepos, rows: SuggestionRecord[]): Promise<Suggestion[]> {
  const person = await peopleMap(
    repos.people,
    rows.flatMap((r) => [r.suggesterId, r.decidedBy]),
  );
  const toolIds = rows.flatMap((r) => (r.toolId ? [r.toolId] : []));
  const tools = new Map(
    (toolIds.length ? await repos.tools.list({ ids: toolIds }) : []).map((t) => [t.id, t]),
  );
  return rows.map((r) => {
    const tool = r.toolId ? tools.get(r.toolId) : undefined;
    return {
      id: r.id,
      title: r.title,
      description: r.description,
      professions: r.professions,
      categories: r.categories,
      status: r.status,
      suggester: person(r.suggesterId)!,
      createdAt: r.createdAt.toISOString(),
      decidedBy: person(r.decidedBy),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      declineReason: r.declineReason,
      tool: tool ? { id: tool.id, slug: tool.slug, title: tool.title } : null,
      isOutcomeNew: isOutcomeNew(r),
    };
  });
}
