import { Readable } from 'node:stream';
import type { ArtifactRecord, RunRecord, RunSnapshot } from '../../src/runs/runs.model';
import type {
  ClaimedRun,
  FileStore,
  RunEvent,
  RunEvents,
  RunOutcome,
  RunRepo,
  SessionFileRecord,
  SessionFileRepo,
  SessionKey,
  SessionUpdate,
  SettingsRepo,
  ToolSessionRecord,
  ToolSessionRepo,
  ToolSource,
} from '../../src/runs/runs.ports';

/** In-memory stand-ins for the stores of runs.ports: runs, tool sessions, settings, tool source, files, events. */

export class InMemoryRunRepo implements RunRepo {
  readonly rows = new Map<string, RunRecord>();
  readonly artifacts: ArtifactRecord[] = [];
  /** Set to make the next calls of a method throw, as a database that went away would. */
  failing = new Set<keyof RunRepo>();

  private check(method: keyof RunRepo): void {
    if (this.failing.has(method)) throw new Error(`database unavailable (${method})`);
  }
  /** Set to make the next calls of finish throw, as a database that is restarting would. */
  readonly outage = { remaining: 0 };
  /** `sessions`: where finish records sessions and insert and findWithStateRev read their state revisions. */
  constructor(private readonly sessions?: InMemoryToolSessionRepo) {}

  private async stateRevOf(run: RunRecord): Promise<number> {
    const key = { toolId: run.toolId, userId: run.requestedBy, context: run.sessionContext };
    return (await this.sessions?.find(key))?.stateRev ?? 0;
  }
  async insert(run: RunRecord) {
    this.rows.set(run.id, structuredClone(run));
    return { stateRev: await this.stateRevOf(run) };
  }
  async findById(id: string) {
    return structuredClone(this.rows.get(id) ?? null);
  }
  async findWithStateRev(id: string) {
    const run = await this.findById(id);
    return run ? { run, stateRev: await this.stateRevOf(run) } : null;
  }
  async listByUser() {
    return [];
  }
  async claimNext(workerId: string, now: Date, leaseUntil: Date) {
    this.check('claimNext');
    const next = [...this.rows.values()]
      .filter((r) => r.status === 'queued')
      .sort((a, b) => a.requestedAt.getTime() - b.requestedAt.getTime())[0];
    if (!next) return null;
    Object.assign(next, {
      status: 'running',
      startedAt: now,
      workerId,
      attempt: next.attempt + 1,
      leaseExpiresAt: leaseUntil,
    });
    return { run: structuredClone(next), stateRev: await this.stateRevOf(next) };
  }
  async renewLease(id: string, attempt: number, leaseUntil: Date) {
    this.check('renewLease');
    const run = this.rows.get(id);
    if (!run || run.attempt !== attempt || run.status !== 'running') return false;
    run.leaseExpiresAt = leaseUntil;
    return true;
  }
  async countActiveByUser(userId: string) {
    return [...this.rows.values()].filter(
      (r) => r.requestedBy === userId && (r.status === 'queued' || r.status === 'running'),
    ).length;
  }
  /** The runnable version of each tool, as queueCheck reports it. */
  readonly runnableVersions = new Map<string, string>();
  async queueCheck(userId: string, toolId: string) {
    const active = await this.countActiveByUser(userId);
    return { active, runnableVersionId: this.runnableVersions.get(toolId) ?? null };
  }

  async insertAdmitted(run: RunRecord, maxActive: number, options: { whenNoneQueued?: boolean } = {}) {
    const check = await this.queueCheck(run.requestedBy, run.toolId);
    if (check.active >= maxActive || check.runnableVersionId !== run.versionId) return null;
    if (options.whenNoneQueued && (await this.countQueued()) > 0) return null;
    return this.insert(run);
  }

  async countQueued() {
    return [...this.rows.values()].filter((r) => r.status === 'queued').length;
  }
  async finish(
    id: string,
    attempt: number,
    outcome: RunOutcome,
    artifacts: ArtifactRecord[],
    session: SessionUpdate | null,
  ) {
    this.check('finish');
    if (this.outage.remaining > 0) {
      this.outage.remaining -= 1;
      throw new Error('connection terminated');
    }
    const run = this.rows.get(id);
    if (!run || run.attempt !== attempt || run.status !== 'running') return null;
    Object.assign(run, { ...outcome, uiPayload: outcome.uiPayload, leaseExpiresAt: null });
    this.artifacts.push(...artifacts);
    const stateRev = session && this.sessions ? this.sessions.record(session) : null;
    return { run: { ...run }, stateRev };
  }
  async cancel(id: string, now: Date) {
    const run = this.rows.get(id);
    if (!run || !['queued', 'running'].includes(run.status)) return null;
    const previous = run.status;
    Object.assign(run, { status: 'cancelled', finishedAt: now, errorCode: 'cancelled' });
    return previous;
  }
  async failExpiredLeases() {
    return [];
  }
  async listArtifacts(runId: string) {
    return this.artifacts.filter((a) => a.runId === runId);
  }
}

const sessionId = (key: SessionKey) => `${key.toolId}/${key.userId}/${key.context}`;

export class InMemoryToolSessionRepo implements ToolSessionRepo {
  readonly rows = new Map<string, ToolSessionRecord>();
  async find(key: SessionKey) {
    return structuredClone(this.rows.get(sessionId(key)) ?? null);
  }
  /** What RunRepo.finish records in a run's session. */
  record(update: SessionUpdate) {
    const { key } = update;
    const current = this.rows.get(sessionId(key)) ?? {
      state: {},
      stateRev: 0,
      offeringRunId: null,
      offeredActions: [],
    };
    const next = {
      state: update.state ?? current.state,
      stateRev: current.stateRev + (update.state ? 1 : 0),
      offeringRunId: update.offeringRunId,
      offeredActions: update.offeredActions,
    };
    this.rows.set(sessionId(key), next);
    return next.stateRev;
  }
}

export class InMemorySessionFileRepo implements SessionFileRepo {
  readonly rows = new Map<string, SessionFileRecord[]>();
  async list(key: SessionKey) {
    return [...(this.rows.get(sessionId(key)) ?? [])];
  }
  async replace(key: SessionKey, files: SessionFileRecord[], _now?: Date) {
    const previous = this.rows.get(sessionId(key)) ?? [];
    this.rows.set(sessionId(key), [...files]);
    return previous;
  }
  async touch() {}
}

export class InMemorySettingsRepo implements SettingsRepo {
  async find() {
    return null;
  }
  async save() {}
}

export class InMemoryToolSource implements ToolSource {
  changed() {}
  readonly snapshots = new Map<string, RunSnapshot>();
  async findRunnable() {
    return null;
  }
  async findRunnableById() {
    return null;
  }
  async findVersionSnapshot(versionId: string) {
    return this.snapshots.get(versionId) ?? null;
  }
  async slugOf() {
    return 'verktyget';
  }
}

export class InMemoryFileStore implements FileStore {
  readonly files = new Map<string, Buffer>();
  failing = new Set<string>();
  async putFromPath(key: string) {
    if (this.failing.has('put')) throw new Error('disk full');
    this.files.set(key, Buffer.from(`copy of ${key}`));
    return 1;
  }
  async put(key: string, content: Uint8Array) {
    if (this.failing.has('put')) throw new Error('disk full');
    this.files.set(key, Buffer.from(content));
  }
  async copy(fromKey: string, toKey: string) {
    const data = this.files.get(fromKey);
    if (!data) throw new Error(`no such file: ${fromKey}`);
    this.files.set(toKey, data);
  }
  async copyToPath(key: string) {
    if (!this.files.has(key)) throw new Error(`no such file: ${key}`);
  }
  async openRead(key: string) {
    const data = this.files.get(key);
    return data ? Readable.from(data) : null;
  }
  async removePrefix(prefix: string) {
    for (const key of [...this.files.keys()])
      if (key === prefix || key.startsWith(`${prefix}/`)) this.files.delete(key);
  }
}

export class InMemoryRunEvents implements RunEvents {
  readonly published: RunEvent[] = [];
  private readonly listeners = new Map<string, Set<(event: RunEvent) => void>>();
  private readonly known = new Map<string, ClaimedRun | null>();
  latest(runId: string) {
    return this.known.get(runId) ?? undefined;
  }
  noteQueued(queued: ClaimedRun) {
    if (!this.known.has(queued.run.id)) this.known.set(queued.run.id, queued);
  }
  async publish(event: RunEvent) {
    this.known.set(event.runId, event.claimed ?? null);
    this.published.push(event);
    for (const listener of this.listeners.get(event.runId) ?? []) listener(event);
  }
  subscribe(runId: string, listener: (event: RunEvent) => void) {
    const set = this.listeners.get(runId) ?? new Set();
    set.add(listener);
    this.listeners.set(runId, set);
    return () => set.delete(listener);
  }
}
