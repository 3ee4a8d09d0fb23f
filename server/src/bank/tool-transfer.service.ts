import {
  text,
  toolExportSchema,
  type CompileError,
  type TextIssue,
  type ToolExport,
  type ToolImportResult,
} from '@skriptoteket/contracts';
import { contentHash, isAdmin, TOOL_NOT_FOUND, type VersionRecord } from '../authoring/authoring.model';
import type { Actor } from '../shared/actor';
import { forbidden, invalid, notFound } from '../shared/app-error';
import type { Clock, Logger, UnitOfWork } from '../shared/ports';
import { newId } from '../shared/tokens';
import type { SyntaxChecker, TransferRepos } from './bank.ports';
import { decodeSamples, toolExportIssues, toolExportOf } from './tool-transfer.model';

export interface ToolTransferDeps {
  uow: UnitOfWork<TransferRepos>;
  clock: Clock;
  syntax: SyntaxChecker;
  log: Logger;
}

export interface ImportOptions {
  /** Also publish the tool in the catalog (the script bank); an imported file stays unpublished for review. */
  publish?: boolean;
  /** Recorded in the audit log: where the tool came from. */
  source: 'file' | 'bank';
}

type Compiled = { compileError: CompileError | null; compileCheckedAt: Date | null };

const ADMINS_ONLY = text(
  'Bara administratörer kan exportera och importera verktyg.',
  'Only administrators can export and import tools.',
);

/** A tool with all its versions as one JSON document, and back: how installations share tools. */
export class ToolTransferService {
  constructor(private readonly deps: ToolTransferDeps) {}

  async exportTool(actor: Actor, toolId: string): Promise<ToolExport> {
    if (!isAdmin(actor)) throw forbidden(ADMINS_ONLY);
    return this.deps.uow.run(async (repos) => {
      const tool = await repos.tools.findById(toolId);
      if (!tool) throw notFound(TOOL_NOT_FOUND);
      return toolExportOf(
        tool,
        await repos.tools.taxonomyOf(toolId),
        await repos.versions.listByTool(toolId),
        await repos.samples.listForTool(toolId),
        this.deps.clock.now(),
      );
    });
  }

  async exportBySlug(actor: Actor, slug: string): Promise<ToolExport> {
    const toolId = await this.deps.uow.run((repos) => repos.samples.toolIdBySlug(slug));
    if (!toolId) throw notFound(text(`Det finns inget verktyg "${slug}".`, `There is no tool "${slug}".`));
    return this.exportTool(actor, toolId);
  }

  /** Parses and checks a document (422 with every reason), then recreates the tool as it was exported. */
  async importTool(actor: Actor, document: unknown, options: ImportOptions): Promise<ToolImportResult> {
    if (!isAdmin(actor)) throw forbidden(ADMINS_ONLY);
    const doc = parseToolExport(document);
    // Compiled before the transaction, which must never wait for a sandbox.
    const compiled = new Map<string, Compiled>();
    for (const version of doc.versions)
      if (!compiled.has(version.sourceCode))
        compiled.set(version.sourceCode, await this.compile(version.sourceCode));
    const now = this.deps.clock.now();
    const toolId = newId();
    const samples = decodeSamples(doc);
    await this.deps.uow.run(async (repos) => {
      await requireImportable(repos, doc);
      await repos.tools.insert({
        id: toolId,
        slug: doc.tool.slug,
        title: doc.tool.title,
        summary: doc.tool.summary,
        ownerId: actor.id,
        isPublished: false,
        firstPublishedAt: null,
        activeVersionId: null,
        createdAt: now,
        updatedAt: now,
      });
      await repos.tools.addMaintainer(toolId, actor.id, now);
      await repos.tools.setTaxonomy(toolId, doc.tool);
      const versions = doc.versions.map((v) => importedVersion(v, toolId, actor.id, compiled));
      for (const version of versions) await repos.versions.insert(version);
      const active = versions.find((v) => v.state === 'active');
      const isPublished = Boolean(options.publish && active);
      await repos.tools.update(toolId, {
        activeVersionId: active?.id ?? null,
        ...(isPublished ? { isPublished: true, firstPublishedAt: now } : {}),
      });
      await repos.samples.insertAll(toolId, samples);
      await repos.audit.append({
        toolId,
        actorId: actor.id,
        action: 'tool.imported',
        details: {
          slug: doc.tool.slug,
          title: doc.tool.title,
          source: options.source,
          versions: versions.length,
          activeNumber: active?.number ?? null,
          samples: samples.length,
          exportedAt: doc.exportedAt,
          isPublished,
        },
        createdAt: now,
      });
    });
    return {
      id: toolId,
      slug: doc.tool.slug,
      title: doc.tool.title,
      versionCount: doc.versions.length,
      sampleCount: samples.length,
      isPublished: Boolean(options.publish && doc.versions.some((v) => v.state === 'active')),
    };
  }

  private async compile(sourceCode: string): Promise<Compiled> {
    try {
      const result = await this.deps.syntax.check(sourceCode);
      return { compileError: result.error, compileCheckedAt: this.deps.clock.now() };
    } catch (error) {
      // Left unchecked, as a draft would be: the first review step checks it again.
      this.deps.log.error({ err: error }, 'the syntax checker failed; an imported version is unchecked');
      return { compileError: null, compileCheckedAt: null };
    }
  }
}

const NOT_AN_EXPORT = text(
  'Filen är inte en giltig verktygsexport från Skriptoteket.',
  'The file is not a valid Skriptoteket tool export.',
);

export function parseToolExport(document: unknown): ToolExport {
  const parsed = toolExportSchema.safeParse(document);
  if (!parsed.success)
    throw invalid(
      NOT_AN_EXPORT,
      parsed.error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: text(`Ogiltigt värde: ${issue.message}`, `Invalid value: ${issue.message}`),
      })),
    );
  const issues = toolExportIssues(parsed.data);
  if (issues.length > 0) throw invalid(NOT_AN_EXPORT, issues);
  return parsed.data;
}

async function requireImportable(repos: TransferRepos, doc: ToolExport): Promise<void> {
  const issues: TextIssue[] = [];
  if (await repos.tools.isSlugTaken(doc.tool.slug))
    issues.push({
      path: ['tool', 'slug'],
      message: text(
        `Det finns redan ett verktyg med adressen "${doc.tool.slug}". Byt adress på det befintliga verktyget eller i filen.`,
        `A tool with the address "${doc.tool.slug}" already exists. Change the address of the existing tool or in the file.`,
      ),
    });
  const professions = await repos.taxonomy.existingProfessions(doc.tool.professions);
  const categories = await repos.taxonomy.existingCategories(doc.tool.categories);
  for (const [key, wanted, found] of [
    ['professions', doc.tool.professions, professions],
    ['categories', doc.tool.categories, categories],
  ] as const) {
    const unknown = wanted.filter((slug) => !found.includes(slug));
    if (unknown.length > 0)
      issues.push({
        path: ['tool', key],
        message: text(
          `Okända ${key === 'professions' ? 'yrkesroller' : 'kategorier'}: ${unknown.join(', ')}.`,
          `Unknown ${key}: ${unknown.join(', ')}.`,
        ),
      });
  }
  if (issues.length > 0)
    throw invalid(text('Verktyget kan inte importeras.', 'The tool cannot be imported.'), issues);
}

/** The exported version as a new row of this installation: same content, number and state; people are the importer. */
function importedVersion(
  v: ToolExport['versions'][number],
  toolId: string,
  importerId: string,
  compiled: Map<string, Compiled>,
): VersionRecord {
  const content = {
    sourceCode: v.sourceCode,
    entrypoint: v.entrypoint,
    inputSchema: v.inputSchema,
    settingsSchema: v.settingsSchema,
    usageInstructions: v.usageInstructions,
  };
  const publishedAt = v.publishedAt ? new Date(v.publishedAt) : null;
  const wasSubmitted = v.state !== 'draft' || v.submitNote !== null;
  return {
    id: newId(),
    toolId,
    number: v.number,
    state: v.state,
    ...content,
    contentHash: contentHash(content),
    createdBy: importerId,
    createdAt: new Date(v.createdAt),
    submittedBy: wasSubmitted ? importerId : null,
    submittedAt: wasSubmitted ? new Date(v.createdAt) : null,
    submitNote: v.submitNote,
    reviewedBy: publishedAt || v.reviewMessage ? importerId : null,
    reviewedAt: publishedAt ?? (v.reviewMessage ? new Date(v.createdAt) : null),
    reviewMessage: v.reviewMessage,
    publishedBy: publishedAt ? importerId : null,
    publishedAt,
    changeSummary: v.changeSummary,
    derivedFromVersionId: null,
    ...compiled.get(v.sourceCode)!,
  };
}
