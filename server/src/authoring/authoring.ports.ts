import type { AuditAction } from '@skriptoteket/contracts';
import type { LockRecord, ToolRecord, VersionRecord } from './authoring.model';

/** Versions are compiled (never run) by the sandbox's checker when saved. */
export type { SourceDiagnoser, SyntaxChecker } from '../sandbox/sandbox.ports';

export interface PersonRecord {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface ToolListFilter {
  /** Only tools this user maintains (contributors); all tools when undefined (admins). */
  maintainerId?: string;
  ids?: string[];
  status?: string;
  q?: string;
}

export interface ToolListRow extends ToolRecord {
  head: { id: string; number: number; state: VersionRecord['state'] } | null;
  hasPendingReview: boolean;
  professions: string[];
  categories: string[];
}

export interface ToolRepo {
  insert(tool: ToolRecord): Promise<void>;
  findById(id: string): Promise<ToolRecord | null>;
  /** Locks the tool row for the rest of the transaction (serializes governance changes per tool). */
  findByIdForUpdate(id: string): Promise<ToolRecord | null>;
  isSlugTaken(slug: string, exceptToolId?: string): Promise<boolean>;
  update(id: string, fields: Partial<Omit<ToolRecord, 'id' | 'createdAt'>>): Promise<void>;
  list(filter: ToolListFilter): Promise<ToolListRow[]>;
  taxonomyOf(toolId: string): Promise<{ professions: string[]; categories: string[] }>;
  setTaxonomy(toolId: string, taxonomy: { professions?: string[]; categories?: string[] }): Promise<void>;
  maintainerIds(toolId: string): Promise<string[]>;
  addMaintainer(toolId: string, userId: string, at: Date): Promise<boolean>;
  removeMaintainer(toolId: string, userId: string): Promise<boolean>;
}

export interface VersionRepo {
  insert(version: VersionRecord): Promise<void>;
  findById(id: string): Promise<VersionRecord | null>;
  findHead(toolId: string): Promise<VersionRecord | null>;
  listByTool(toolId: string): Promise<VersionRecord[]>;
  listInReview(): Promise<VersionRecord[]>;
  update(id: string, fields: Partial<Omit<VersionRecord, 'id' | 'toolId' | 'number'>>): Promise<void>;
}

export interface LockRepo {
  find(toolId: string): Promise<LockRecord | null>;
  upsert(lock: LockRecord): Promise<void>;
  remove(toolId: string): Promise<void>;
}

export interface PeopleRepo {
  findByIds(ids: string[]): Promise<PersonRecord[]>;
  findByEmail(email: string): Promise<PersonRecord | null>;
}

export interface TaxonomyRepo {
  existingProfessions(slugs: string[]): Promise<string[]>;
  existingCategories(slugs: string[]): Promise<string[]>;
}

export interface AuditEntry {
  toolId: string | null;
  actorId: string;
  action: AuditAction;
  details: Record<string, unknown>;
  createdAt: Date;
}

export interface AuditRepo {
  append(entry: AuditEntry): Promise<void>;
}

export interface AuthoringRepos {
  tools: ToolRepo;
  versions: VersionRepo;
  locks: LockRepo;
  people: PeopleRepo;
  taxonomy: TaxonomyRepo;
  audit: AuditRepo;
}
