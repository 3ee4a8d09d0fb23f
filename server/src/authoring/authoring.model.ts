import { createHash } from 'node:crypto';
import {
  hasRole,
  text,
  type CompileError,
  type Text,
  type ToolStatus,
  type VersionState,
} from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';

export interface ToolRecord {
  id: string;
  slug: string;
  title: string;
  summary: string;
  ownerId: string;
  isPublished: boolean;
  firstPublishedAt: Date | null;
  activeVersionId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VersionContent {
  sourceCode: string;
  entrypoint: string;
  inputSchema: unknown[];
  settingsSchema: unknown[];
  usageInstructions: string;
}

export interface VersionRecord extends VersionContent {
  id: string;
  toolId: string;
  number: number;
  state: VersionState;
  contentHash: string;
  createdBy: string;
  createdAt: Date;
  submittedBy: string | null;
  submittedAt: Date | null;
  submitNote: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewMessage: string | null;
  publishedBy: string | null;
  publishedAt: Date | null;
  changeSummary: string | null;
  derivedFromVersionId: string | null;
  /** Null when the source compiles; only meaningful once `compileCheckedAt` is set. */
  compileError: CompileError | null;
  /** When the source was compiled; null for versions saved before compile checks existed. */
  compileCheckedAt: Date | null;
}

export interface LockRecord {
  toolId: string;
  holderId: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export const LOCK_MINUTES = 10;

const TRANSLITERATION: Record<string, string> = {
  å: 'a',
  ä: 'a',
  ö: 'o',
  æ: 'ae',
  ø: 'o',
  é: 'e',
  è: 'e',
  ü: 'u',
  ß: 'ss',
};

/** A URL slug from a Swedish title: "Gruppgenerator för klasser" → "gruppgenerator-for-klasser". */
export function suggestSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[åäöæøéèüß]/g, (ch) => TRANSLITERATION[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug.length >= 2 ? slug : 'verktyg';
}

export function isAdmin(actor: Actor): boolean {
  return hasRole(actor.role, 'admin');
}

/** Admins edit any tool; a contributor only the tools they maintain. */
export function canEditTool(actor: Actor, maintainerIds: readonly string[]): boolean {
  return isAdmin(actor) || (hasRole(actor.role, 'contributor') && maintainerIds.includes(actor.id));
}

export function isLockActive(lock: LockRecord | null, now: Date): lock is LockRecord {
  return lock !== null && lock.expiresAt > now;
}

export function toolStatus(tool: ToolRecord, hasPendingReview: boolean): ToolStatus {
  if (tool.isPublished) return 'published';
  if (tool.firstPublishedAt) return 'depublished';
  return hasPendingReview ? 'in_review' : 'draft';
}

export const TOOL_NOT_FOUND = text('Verktyget finns inte.', 'The tool does not exist.');

/** Stable hash of everything a version runs with, so identical saves are recognisable. */
export function contentHash(content: VersionContent): string {
  const canonical = JSON.stringify([
    content.sourceCode,
    content.entrypoint,
    content.inputSchema,
    content.settingsSchema,
    content.usageInstructions,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Why a tool cannot be published yet, in words an admin can act on; empty when it can. */
export function publishToolBlockers(
  tool: ToolRecord,
  activeVersion: VersionRecord | null,
  taxonomy: { professions: string[]; categories: string[] },
): Text[] {
  const blockers: Text[] = [];
  if (!activeVersion || activeVersion.state !== 'active')
    blockers.push(text('Verktyget har ingen publicerad version.', 'The tool has no published version.'));
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(tool.slug))
    blockers.push(text('Adressen (slug) är ogiltig.', 'The address (slug) is invalid.'));
  if (taxonomy.professions.length === 0)
    blockers.push(text('Välj minst en yrkesroll.', 'Choose at least one profession.'));
  if (taxonomy.categories.length === 0)
    blockers.push(text('Välj minst en kategori.', 'Choose at least one category.'));
  return blockers;
}

/**
 * Why a version may not be submitted, published or restored because of its source, in words a contributor can
 * act on; null when it compiles. An unchecked version must be checked before this is asked.
 */
export function doesNotCompileMessage(version: Pick<VersionRecord, 'compileError'>): Text | null {
  const error = version.compileError;
  if (!error) return null;
  const at = (line: string, column: string) =>
    error.line === null ? '' : ` (${line} ${error.line}, ${column} ${error.column})`;
  const what = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`;
  return text(
    `Koden går inte att kompilera${at('rad', 'kolumn')}: ${what} Rätta felet och spara en ny version.`,
    `The code does not compile${at('line', 'column')}: ${what} Fix the error and save a new version.`,
  );
}

/** A new draft version: a copy of the content, its hash, nobody has reviewed it yet; `extra` overrides. */
export function draftVersion(
  id: string,
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
    id,
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
