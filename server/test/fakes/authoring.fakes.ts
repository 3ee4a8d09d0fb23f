import type { LockRecord, ToolRecord, VersionRecord } from '../../src/authoring/authoring.model';
import type {
  AuditEntry,
  AuditRepo,
  AuthoringRepos,
  LockRepo,
  PeopleRepo,
  PersonRecord,
  TaxonomyRepo,
  ToolListFilter,
  ToolListRow,
  ToolRepo,
  VersionRepo,
} from '../../src/authoring/authoring.ports';
import type { SyntaxChecker, SyntaxCheckResult, SyntaxErrorDetails } from '../../src/sandbox/sandbox.ports';
import type { UnitOfWork } from '../../src/shared/ports';

interface AuthoringData {
  tools: Map<string, ToolRecord>;
  maintainers: { toolId: string; userId: string; addedAt: Date }[];
  taxonomy: Map<string, { professions: string[]; categories: string[] }>;
  versions: Map<string, VersionRecord>;
  locks: Map<string, LockRecord>;
  people: Map<string, PersonRecord>;
  audit: AuditEntry[];
}

const emptyData = (): AuthoringData => ({
  tools: new Map(),
  maintainers: [],
  taxonomy: new Map(),
  versions: new Map(),
  locks: new Map(),
  people: new Map(),
  audit: [],
});

/** All authoring tables in memory; `run` restores them when the work throws, as a rolled-back transaction. */
export class InMemoryAuthoringUnitOfWork implements UnitOfWork<AuthoringRepos> {
  data = emptyData();
  /** How many units of work are running now; a sandbox must never be waited for inside one. */
  depth = 0;
  readonly repos: AuthoringRepos = {
    tools: new InMemoryToolRepo(() => this.data),
    versions: new InMemoryVersionRepo(() => this.data),
    locks: new InMemoryLockRepo(() => this.data),
    people: new InMemoryPeopleRepo(() => this.data),
    taxonomy: new InMemoryTaxonomyRepo(),
    audit: new InMemoryAuditRepo(() => this.data),
  };

  async run<T>(fn: (repos: AuthoringRepos) => Promise<T>): Promise<T> {
    const before = structuredClone(this.data);
    this.depth += 1;
    try {
      return await fn(this.repos);
    } catch (error) {
      this.data = before;
      throw error;
    } finally {
      this.depth -= 1;
    }
  }
}

type Data = () => AuthoringData;
const copy = <T>(value: T | undefined): T | null => (value === undefined ? null : structuredClone(value));

class InMemoryToolRepo implements ToolRepo {
  constructor(private readonly data: Data) {}
  async insert(tool: ToolRecord) {
    this.data().tools.set(tool.id, structuredClone(tool));
  }
  async findById(id: string) {
    return copy(this.data().tools.get(id));
  }
  async findByIdForUpdate(id: string) {
    return this.findById(id);
  }
  async isSlugTaken(slug: string, exceptToolId?: string) {
    return [...this.data().tools.values()].some((t) => t.slug === slug && t.id !== exceptToolId);
  }
  async update(id: string, fields: Partial<Omit<ToolRecord, 'id' | 'createdAt'>>) {
    Object.assign(this.data().tools.get(id)!, structuredClone(fields));
  }
  async list(filter: ToolListFilter): Promise<ToolListRow[]> {
    const versions = [...this.data().versions.values()];
    const tools = [...this.data().tools.values()].filter(
      (t) =>
        (!filter.ids || filter.ids.includes(t.id)) &&
        (!filter.maintainerId ||
          this.data().maintainers.some((m) => m.toolId === t.id && m.userId === filter.maintainerId)) &&
        (!filter.q || t.title.toLowerCase().includes(filter.q.toLowerCase())),
    );
    return Promise.all(
      tools.map(async (tool) => {
        const own = versions.filter((v) => v.toolId === tool.id).sort((a, b) => b.number - a.number);
        const head = own[0];
        return {
          ...structuredClone(tool),
          head: head ? { id: head.id, number: head.number, state: head.state } : null,
          hasPendingReview: own.some((v) => v.state === 'in_review'),
          ...(await this.taxonomyOf(tool.id)),
        };
      }),
    );
  }
  async taxonomyOf(toolId: string) {
    return copy(this.data().taxonomy.get(toolId)) ?? { professions: [], categories: [] };
  }
  async setTaxonomy(toolId: string, taxonomy: { professions?: string[]; categories?: string[] }) {
    this.data().taxonomy.set(toolId, { ...(await this.taxonomyOf(toolId)), ...structuredClone(taxonomy) });
  }
  async maintainerIds(toolId: string) {
    return this.data()
      .maintainers.filter((m) => m.toolId === toolId)
      .map((m) => m.userId);
  }
  async addMaintainer(toolId: string, userId: string, at: Date) {
    if ((await this.maintainerIds(toolId)).includes(userId)) return false;
    this.data().maintainers.push({ toolId, userId, addedAt: at });
    return true;
  }
  async removeMaintainer(toolId: string, userId: string) {
    const before = this.data().maintainers.length;
    this.data().maintainers = this.data().maintainers.filter(
      (m) => m.toolId !== toolId || m.userId !== userId,
    );
    return this.data().maintainers.length < before;
  }
}

class InMemoryVersionRepo implements VersionRepo {
  constructor(private readonly data: Data) {}
  async insert(version: VersionRecord) {
    this.data().versions.set(version.id, structuredClone(version));
  }
  async findById(id: string) {
    return copy(this.data().versions.get(id));
  }
  async findHead(toolId: string) {
    return (await this.listByTool(toolId))[0] ?? null;
  }
  async listByTool(toolId: string) {
    return [...this.data().versions.values()]
      .filter((v) => v.toolId === toolId)
      .sort((a, b) => b.number - a.number)
      .map((v) => structuredClone(v));
  }
  async listInReview() {
    return [...this.data().versions.values()]
      .filter((v) => v.state === 'in_review')
      .sort((a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0))
      .map((v) => structuredClone(v));
  }
  async update(id: string, fields: Partial<Omit<VersionRecord, 'id' | 'toolId' | 'number'>>) {
    Object.assign(this.data().versions.get(id)!, structuredClone(fields));
  }
}

class InMemoryLockRepo implements LockRepo {
  constructor(private readonly data: Data) {}
  async find(toolId: string) {
    return copy(this.data().locks.get(toolId));
  }
  async upsert(lock: LockRecord) {
    this.data().locks.set(lock.toolId, structuredClone(lock));
  }
  async remove(toolId: string) {
    this.data().locks.delete(toolId);
  }
}

class InMemoryPeopleRepo implements PeopleRepo {
  constructor(private readonly data: Data) {}
  async findByIds(ids: string[]) {
    return ids.flatMap((id) => copy(this.data().people.get(id)) ?? []);
  }
  async findByEmail(email: string) {
    return copy([...this.data().people.values()].find((p) => p.email === email));
  }
}

class InMemoryTaxonomyRepo implements TaxonomyRepo {
  async existingProfessions(slugs: string[]) {
    return slugs;
  }
  async existingCategories(slugs: string[]) {
    return slugs;
  }
}

class InMemoryAuditRepo implements AuditRepo {
  constructor(private readonly data: Data) {}
  async append(entry: AuditEntry) {
    this.data().audit.push(structuredClone(entry));
  }
}

/**
 * A compiler for tests: source containing "= =" does not compile (invalid syntax at that spot), anything else
 * does. Records each call and whether a unit of work was open at the time.
 */
export class FakeSyntaxChecker implements SyntaxChecker {
  readonly calls: { sourceCode: string; isInsideTransaction: boolean }[] = [];
  /** When set, check() fails as a checker that cannot start would. */
  failure: Error | null = null;

  constructor(private readonly uow: { depth: number }) {}

  async check(sourceCode: string): Promise<SyntaxCheckResult> {
    this.calls.push({ sourceCode, isInsideTransaction: this.uow.depth > 0 });
    if (this.failure) throw this.failure;
    const lines = sourceCode.split('\n');
    const index = lines.findIndex((line) => line.includes('= ='));
    if (index < 0) return { isValid: true, errorSummary: null, error: null };
    const error: SyntaxErrorDetails = {
      message: 'invalid syntax',
      line: index + 1,
      column: lines[index]!.indexOf('= =') + 3,
      text: lines[index]!,
    };
    const errorSummary = `SyntaxError: ${error.message} (line ${error.line}, col ${error.column})\n${error.text}`;
    return { isValid: false, errorSummary, error };
  }
}
