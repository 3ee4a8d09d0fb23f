import {
  checkUploads,
  contentTypeFor,
  isTerminalRunStatus,
  text,
  type SessionFilesMode,
  type UiPayload,
} from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { AppError, conflict, invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { newId } from '../shared/tokens';
import { normalizeActionInput, normalizeFormInputs } from '../tool-contract/input-normalizer';
import { DEFAULT_CONTEXT, newQueuedRun, type RunRecord } from './runs.model';
import {
  assertRoomInQueue,
  assertSmallEnough,
  ownRun,
  rerunCandidates,
  toolChanged,
  toolNotRunnable,
  uploadLimitsFor,
  type Admission,
  type FileCandidate,
  type UploadedFile,
  type UploadLimits,
} from './run-admission';
import { listRunsOf, type RunHistory, type RunHistoryPage } from './run-list';
import { stripNavigationTags } from './html-output';
import { storageKeys } from '../storage/keys';
import type {
  ClaimedRun,
  FileStore,
  FinalRun,
  RunEvents,
  RunQueue,
  RunRepo,
  SessionFileRepo,
  SessionKey,
  ToolSessionRepo,
  ToolSource,
} from './runs.ports';
import { presentRunTo, type RunView } from './runs.presenter';
import type { RunTimelinePort } from '../jobs/run-timeline';

export interface RunsServiceDeps {
  runs: RunRepo;
  sessions: ToolSessionRepo;
  sessionFiles: SessionFileRepo;
  tools: ToolSource;
  files: FileStore;
  queue: RunQueue;
  events: RunEvents;
  clock: Clock;
  uploadLimits: UploadLimits;
  /** How many runs one user may have queued or running at once. */
  maxActiveRunsPerUser: number;
  timeline?: RunTimelinePort;
}

/** Starting, reading and cancelling runs of published tools on behalf of their user. */
export class RunsService {
  constructor(private readonly deps: RunsServiceDeps) {}

  /**
   * Whether this user may start a run of this tool now, asked before the request's body is read: 404 for a
   * tool they cannot run, and with `checkQueue` (a body that may be large) 429 when their runs fill their share
   * of the queue. The queue is checked again when the run is queued, after the body, and that check alone is
   * what keeps the limit: the early one only spares the server reading an upload it would refuse.
   */
  async admitRun(actor: Actor, slug: string, options: { checkQueue: boolean }): Promise<Admission> {
    const tool = await this.deps.tools.findRunnable(slug);
    if (!tool) throw toolNotRunnable();
    if (options.checkQueue)
      assertRoomInQueue(await this.deps.runs.countActiveByUser(actor.id), this.deps.maxActiveRunsPerUser);
    return { tool, uploadLimits: uploadLimitsFor(tool.snapshot.inputSchema, this.deps.uploadLimits) };
  }

  /**
   * Starts a first run. `rerunOf` (a run of mine of the same tool) also passes that run's input files, ahead
   * of any new uploads, while retention has kept them.
   */
  async submitRun(
    actor: Actor,
    slug: string,
    request: {
      inputs: unknown;
      files: UploadedFile[];
      sessionFilesMode: SessionFilesMode;
      rerunOf?: string | undefined;
      /** Files given as bytes, after the uploads: the tool's sample files ("Prova med exempeldata"). */
      contentFiles?: { name: string; content: Uint8Array }[];
      /** What admitRun found for this same request: the tool is not looked up twice. */
      admission?: Admission;
    },
  ): Promise<RunView> {
    const { tools, sessionFiles, files, clock } = this.deps;
    const tool = request.admission?.tool ?? (await tools.findRunnable(slug));
    if (!tool) throw toolNotRunnable();
    const now = clock.now();
    const key: SessionKey = { toolId: tool.toolId, userId: actor.id, context: DEFAULT_CONTEXT };
    const earlier = request.rerunOf ? await this.rerunFiles(actor, tool.toolId, request.rerunOf) : [];
    const given: FileCandidate[] = (request.contentFiles ?? []).map((f) => ({
      name: f.name,
      bytes: f.content.byteLength,
      mimeType: contentTypeFor(f.name),
      content: f.content,
    }));
    const hasNewFiles = request.files.length > 0 || earlier.length > 0 || given.length > 0;
    const isReuse = !hasNewFiles && request.sessionFilesMode === 'reuse';
    const reused = isReuse ? (await sessionFiles.list(key)).sort((a, b) => (a.name < b.name ? -1 : 1)) : [];
    // Reused session files count towards the file field's min/max like fresh uploads.
    const candidates: FileCandidate[] = isReuse
      ? reused.map((f) => ({
          name: f.name,
          bytes: f.bytes,
          mimeType: contentTypeFor(f.name),
          storageKey: f.storageKey,
        }))
      : [...earlier, ...request.files, ...given];
    const inputs = normalizeFormInputs(tool.snapshot.inputSchema, request.inputs);
    const uploads = checkUploads(tool.snapshot.inputSchema, candidates, this.deps.uploadLimits);
    const issues = [
      ...('issues' in inputs ? inputs.issues : []),
      ...('issues' in uploads ? uploads.issues : []),
    ];
    if ('issues' in inputs || 'issues' in uploads)
      throw invalid(
        text(
          'Några uppgifter behöver rättas innan verktyget kan köras.',
          'Some details need to be corrected before the tool can run.',
        ),
        issues,
      );
    assertSmallEnough(inputs.values);

    const runId = newId();
    for (const file of uploads.files) {
      if (file.tempPath) await files.putFromPath(storageKeys.runInput(runId, file.name), file.tempPath);
      else if (file.storageKey) await files.copy(file.storageKey, storageKeys.runInput(runId, file.name));
      else if (file.content) await files.put(storageKeys.runInput(runId, file.name), file.content);
    }
    if (!hasNewFiles && request.sessionFilesMode === 'clear') {
      const cleared = await sessionFiles.replace(key, [], now);
      for (const file of cleared) await files.removePrefix(file.storageKey);
    }
    if (isReuse) await sessionFiles.touch(key, now);
    return this.enqueue(actor, {
      ...newQueuedRun(runId, tool.toolId, tool.versionId, actor.id, now),
      inputs: inputs.values,
      inputFiles: uploads.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    });
  }

  /** Runs the tool's current version again with an action the latest run offered, on the server-held state. */
  async submitAction(
    actor: Actor,
    runId: string,
    request: { actionId: string; input: unknown; expectedStateRev: number },
  ): Promise<RunView> {
    const { sessions, sessionFiles, tools, files, clock } = this.deps;
    const parent = await this.requireOwnRun(actor, runId);
    const key: SessionKey = { toolId: parent.toolId, userId: actor.id, context: parent.sessionContext };
    const session = await sessions.find(key);
    if (!session || session.offeringRunId !== parent.id) {
      throw conflict(
        text(
          'Det finns en nyare körning av verktyget. Fortsätt från den senaste körningen.',
          'There is a newer run of the tool. Continue from the latest run.',
        ),
        {
          reason: 'STALE_RUN',
        },
      );
    }
    if (session.stateRev !== request.expectedStateRev) {
      throw conflict(
        text(
          'Verktygets läge har ändrats sedan sidan laddades. Ladda om och försök igen.',
          'The tool’s state has changed since the page was loaded. Reload and try again.',
        ),
        {
          reason: 'STALE_STATE',
          stateRev: session.stateRev,
        },
      );
    }
    const action = session.offeredActions.find(
      (a): a is { action_id: string; fields: unknown[] } =>
        (a as { action_id?: unknown }).action_id === request.actionId,
    );
    if (!action)
      throw invalid(
        text('Det steget finns inte längre. Ladda om sidan.', 'That step no longer exists. Reload the page.'),
        [{ path: ['actionId'], message: text('Okänt steg.', 'Unknown step.') }],
      );
    const input = normalizeActionInput(action.fields, request.input);
    if ('issues' in input)
      throw invalid(
        text('Några uppgifter behöver rättas.', 'Some details need to be corrected.'),
        input.issues,
      );
    assertSmallEnough(input.values);
    const tool = await tools.findRunnableById(parent.toolId);
    if (!tool) throw toolNotRunnable();

    const now = clock.now();
    const id = newId();
    const kept = (await sessionFiles.list(key)).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const file of kept) await files.copy(file.storageKey, storageKeys.runInput(id, file.name));
    await sessionFiles.touch(key, now);
    return this.enqueue(actor, {
      ...newQueuedRun(id, tool.toolId, tool.versionId, actor.id, now),
      sessionContext: parent.sessionContext,
      parentRunId: parent.id,
      actionId: request.actionId,
      inputs: input.values,
      inputFiles: kept.map((f) => ({ name: f.name, bytes: f.bytes })),
    });
  }

  /**
   * The run as getRun shows it, from what this process knows of it when it knows the latest (a run it just queued
   * or claimed): the first state of an event stream, opened as the answer to the submit arrives.
   */
  async getRunAsKnown(actor: Actor, runId: string): Promise<RunView> {
    const known = this.deps.events.latest(runId);
    return (known && (await this.presentClaimed(actor, known))) ?? this.getRun(actor, runId);
  }

  async getRun(actor: Actor, runId: string): Promise<RunView> {
    const found = await this.deps.runs.findWithStateRev(runId);
    return this.present(actor, ownRun(actor, found?.run ?? null), found?.stateRev);
  }

  async cancelRun(actor: Actor, runId: string): Promise<RunView> {
    await this.requireOwnRun(actor, runId);
    const previous = await this.deps.runs.cancel(runId, this.deps.clock.now());
    if (previous) await this.deps.events.publish({ runId, status: 'cancelled' });
    return this.getRun(actor, runId);
  }

  /** My runs, newest first, a page at a time (the run history). */
  async listMyRuns(actor: Actor, page: RunHistoryPage): Promise<RunHistory> {
    return listRunsOf(this.deps.runs, actor, page);
  }

  /** An artifact of the caller's own run, ready to stream. */
  async openArtifact(actor: Actor, runId: string, artifactId: string) {
    const run = await this.requireOwnRun(actor, runId);
    const artifact = (await this.deps.runs.listArtifacts(run.id)).find((a) => a.id === artifactId);
    if (!artifact) throw notFound(text('Filen finns inte.', 'The file does not exist.'));
    const stream = run.filesExpiredAt ? null : await this.deps.files.openRead(artifact.storageKey);
    if (!stream)
      throw new AppError(
        'NOT_FOUND',
        text(
          'Filen har tagits bort eftersom den var för gammal. Kör verktyget igen.',
          'The file has been removed because it was too old. Run the tool again.',
        ),
        { reason: 'EXPIRED' },
      );
    return {
      stream,
      name: artifact.path.split('/').pop()!,
      contentType: artifact.contentType,
      bytes: artifact.bytes,
    };
  }

  /** The HTML of an `html_sandboxed` output of the caller's own run, ready to be framed by the run page. */
  async getHtmlOutput(actor: Actor, runId: string, index: number): Promise<string> {
    const run = await this.requireOwnRun(actor, runId);
    // The stored payload is the normalizer's output (null until the run has finished).
    const output = (run.uiPayload as UiPayload | null)?.outputs[index];
    if (output?.kind !== 'html_sandboxed')
      throw notFound(text('Resultatet finns inte.', 'The result does not exist.'));
    return stripNavigationTags(output.html);
  }

  /** The files a multi-step tool keeps from my latest first run of it (offered for reuse on the run page). */
  async listSessionFiles(actor: Actor, slug: string): Promise<{ items: { name: string; bytes: number }[] }> {
    const tool = await this.deps.tools.findRunnable(slug);
    if (!tool) throw toolNotRunnable();
    const kept = await this.deps.sessionFiles.list({
      toolId: tool.toolId,
      userId: actor.id,
      context: DEFAULT_CONTEXT,
    });
    const items = kept.map((f) => ({ name: f.name, bytes: f.bytes }));
    return { items: items.sort((a, b) => (a.name < b.name ? -1 : 1)) };
  }

  /** A run as its worker stored it in this process (see RunEvent.final); null when it is not the actor's own. */
  async presentFinal(actor: Actor, final: FinalRun): Promise<RunView | null> {
    const { run } = final;
    if (run.requestedBy !== actor.id || run.kind !== 'production') return null;
    const toolSlug = await this.deps.tools.slugOf(run.toolId);
    return presentRunTo(actor, run, { artifacts: final.artifacts, stateRev: final.stateRev, toolSlug });
  }

  /** A run as its worker just claimed it (a 'running' event in this process), as GET /runs/{id} would show it. */
  async presentClaimed(actor: Actor, { run, stateRev }: ClaimedRun): Promise<RunView | null> {
    if (run.requestedBy !== actor.id || run.kind !== 'production') return null;
    return this.present(actor, run, stateRev);
  }

  /** The run's final state reached a watching browser. */
  noteDelivered(runId: string): void {
    this.deps.timeline?.mark(runId, 'delivered');
  }

  async requireOwnRun(actor: Actor, runId: string): Promise<RunRecord> {
    return ownRun(actor, await this.deps.runs.findById(runId));
  }

  private async rerunFiles(actor: Actor, toolId: string, runId: string): Promise<FileCandidate[]> {
    return rerunCandidates(await this.requireOwnRun(actor, runId), toolId);
  }

  private async enqueue(actor: Actor, run: RunRecord): Promise<RunView> {
    // The tool as it is now, not as it was when the request began (an upload can take minutes, and the tool may
    // have been read from memory): a tool depublished or given a new version meanwhile queues nothing. The check
    // and the insert are one statement; only a refused run reads again, to say why.
    const max = this.deps.maxActiveRunsPerUser;
    const handed = await this.handToIdleSlot(actor, run, max);
    if (handed) return handed;
    for (let attempt = 1; ; attempt++) {
      const inserted = await this.deps.runs.insertAdmitted(run, max);
      if (inserted) {
        // Before the worker is woken: what it stores of the run later must not be overwritten by this.
        this.deps.events.noteQueued({ run, stateRev: inserted.stateRev });
        await this.deps.queue.enqueue(run.id);
        // No 'queued' event: nobody can be watching a run whose id this answer is about to give out.
        this.deps.timeline?.mark(run.id, 'queued');
        return this.present(actor, run, inserted.stateRev);
      }
      const check = await this.deps.runs.queueCheck(actor.id, run.toolId);
      if (check.runnableVersionId !== run.versionId) {
        this.deps.tools.changed(run.toolId);
        throw toolChanged(check.runnableVersionId);
      }
      // A run of theirs that ended between the two reads makes room: try again, a few times at most.
      assertRoomInQueue(attempt < 3 ? check.active : Math.max(check.active, max), max);
    }
  }

  /**
   * With a worker slot of this process idle and no run waiting, the run skips the queue: it is stored already
   * claimed by that slot (same checks, one statement) and the slot runs it, without a claim's statement and
   * wake-up. Null when no slot is idle or the insert did not happen (a run is queued, or this one is refused):
   * then the queue path decides, as before.
   */
  private async handToIdleSlot(actor: Actor, run: RunRecord, max: number): Promise<RunView | null> {
    const slot = this.deps.queue.reserveSlot();
    if (!slot) return null;
    let isGiven = false;
    try {
      const now = this.deps.clock.now();
      const claimed: RunRecord = {
        ...run,
        status: 'running',
        startedAt: now,
        workerId: slot.workerId,
        attempt: 1,
        leaseExpiresAt: slot.leaseUntil(now),
      };
      const inserted = await this.deps.runs.insertAdmitted(claimed, max, { whenNoneQueued: true });
      if (!inserted) return null;
      this.deps.timeline?.mark(run.id, 'queued');
      this.deps.events.noteQueued({ run: claimed, stateRev: inserted.stateRev });
      slot.give({ run: claimed, stateRev: inserted.stateRev });
      isGiven = true;
      return this.present(actor, claimed, inserted.stateRev);
    } finally {
      if (!isGiven) slot.release();
    }
  }

  /** `stateRev`: the revision of the run's session state, when the caller read it with the run. */
  private async present(actor: Actor, run: RunRecord, stateRev?: number): Promise<RunView> {
    // Artifacts are stored with the run's outcome: a run still waiting or running has none yet. The reads are
    // independent: side by side (on PostgreSQL, on separate connections).
    const [artifacts, rev, toolSlug] = await Promise.all([
      isTerminalRunStatus(run.status) ? this.deps.runs.listArtifacts(run.id) : [],
      stateRev ??
        this.deps.sessions
          .find({ toolId: run.toolId, userId: run.requestedBy, context: run.sessionContext })
          .then((session) => session?.stateRev ?? 0),
      this.deps.tools.slugOf(run.toolId),
    ]);
    return presentRunTo(actor, run, { artifacts, stateRev: rev, toolSlug });
  }
}
