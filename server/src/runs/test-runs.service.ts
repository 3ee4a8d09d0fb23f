import {
  checkUploads,
  text,
  validateInputSchema,
  validateSettingsSchema,
  type DoesNotCompileDetails,
  type TextIssue,
  type TestRunSnapshot,
  type UiPayload,
} from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import { AppError, invalid, notFound } from '../shared/app-error';
import type { Clock } from '../shared/ports';
import { newId } from '../shared/tokens';
import type { SyntaxChecker } from '../sandbox/sandbox.ports';
import { normalizeActionInput, normalizeFormInputs } from '../tool-contract/input-normalizer';
import { storageKeys } from '../storage/keys';
import { stripNavigationTags } from './html-output';
import { newQueuedRun, offeredAction, TEST_CONTEXT, type RunRecord, type RunSnapshot } from './runs.model';
import type { FileStore, RunEvents, RunQueue, RunRepo, TestRunAccess } from './runs.ports';
import { presentRun, type RunView } from './runs.presenter';
import { assertSmallEnough } from './run-admission';
import type { UploadedFile, UploadLimits } from './run-admission';

export interface TestRunsServiceDeps {
  runs: RunRepo;
  files: FileStore;
  queue: RunQueue;
  events: RunEvents;
  clock: Clock;
  syntax: SyntaxChecker;
  access: TestRunAccess;
  uploadLimits: UploadLimits;
}

export interface TestRunRequest {
  inputs: unknown;
  settings: unknown;
  files: UploadedFile[];
}

const TEST_RUNS_PATH = '/api/v1/admin/test-runs';
const TEST_RUN_NOT_FOUND = text('Testkörningen finns inte.', 'The test run does not exist.');

/**
 * Test runs of code that is not (or not yet) what users run: the editor's unsaved content, or a saved version
 * under review. They go through the same queue, worker and sandbox as real runs, with the test-run limits, and
 * never touch anyone's tool session, settings or run history: a test run is a row of kind `test` carrying the
 * code it ran, and its next steps continue from the state stored in that row.
 */
export class TestRunsService {
  constructor(private readonly deps: TestRunsServiceDeps) {}

  /** Runs the editor's unsaved content; checked with the rules of saving a version, plus that it compiles. */
  async startSnapshotRun(
    actor: Actor,
    toolId: string,
    snapshot: TestRunSnapshot,
    request: TestRunRequest,
  ): Promise<RunView> {
    await this.deps.access.requireTestable(actor, toolId);
    const schemaIssues = [
      ...validateInputSchema(snapshot.inputSchema).map((i) => ({
        ...i,
        path: ['snapshot', 'inputSchema', ...i.path],
      })),
      ...validateSettingsSchema(snapshot.settingsSchema).map((i) => ({
        ...i,
        path: ['snapshot', 'settingsSchema', ...i.path],
      })),
    ];
    if (schemaIssues.length > 0)
      throw invalid(
        text(
          'Schemat innehåller fel. Rätta dem och testkör igen.',
          'The schema has errors. Fix them and test-run again.',
        ),
        schemaIssues,
      );
    return this.start(actor, toolId, null, snapshot, request);
  }

  /** Runs a saved version (e.g. the one under review, or the active one to compare with) as a test run. */
  async startVersionRun(actor: Actor, versionId: string, request: TestRunRequest): Promise<RunView> {
    const { toolId, snapshot } = await this.deps.access.versionToTest(actor, versionId);
    return this.start(actor, toolId, versionId, snapshot, request);
  }

  /** Continues a test run with an action it offered, on the same code and the state that run left. */
  async submitAction(
    actor: Actor,
    runId: string,
    request: { actionId: string; input: unknown },
  ): Promise<RunView> {
    const parent = await this.requireOwnTestRun(actor, runId);
    const action = offeredAction(parent, request.actionId);
    if (!action || !parent.snapshot)
      throw invalid(
        text('Det steget finns inte i den här körningen.', 'That step is not offered by this run.'),
        [{ path: ['actionId'], message: text('Okänt steg.', 'Unknown step.') }],
      );
    const input = normalizeActionInput(action.fields, request.input);
    if ('issues' in input)
      throw invalid(
        text('Några uppgifter behöver rättas.', 'Some details need to be corrected.'),
        input.issues,
      );
    assertSmallEnough(input.values);
    const id = newId();
    // The first step's files go along to every later step, as session files do for real runs.
    for (const file of parent.inputFiles)
      await this.deps.files.copy(
        storageKeys.runInput(parent.id, file.name),
        storageKeys.runInput(id, file.name),
      );
    return this.enqueue(actor, {
      ...this.newTestRun(id, parent.toolId, parent.versionId, actor, parent.snapshot),
      parentRunId: parent.id,
      actionId: request.actionId,
      inputs: input.values,
      inputFiles: parent.inputFiles,
    });
  }

  async getRun(actor: Actor, runId: string): Promise<RunView> {
    return this.present(actor, await this.requireOwnTestRun(actor, runId));
  }

  async cancelRun(actor: Actor, runId: string): Promise<RunView> {
    await this.requireOwnTestRun(actor, runId);
    if (await this.deps.runs.cancel(runId, this.deps.clock.now()))
      await this.deps.events.publish({ runId, status: 'cancelled' });
    return this.getRun(actor, runId);
  }

  async openArtifact(actor: Actor, runId: string, artifactId: string) {
    const run = await this.requireOwnTestRun(actor, runId);
    const artifact = (await this.deps.runs.listArtifacts(run.id)).find((a) => a.id === artifactId);
    const stream =
      artifact && !run.filesExpiredAt ? await this.deps.files.openRead(artifact.storageKey) : null;
    if (!artifact || !stream) throw notFound(text('Filen finns inte.', 'The file does not exist.'));
    return {
      stream,
      name: artifact.path.split('/').pop()!,
      contentType: artifact.contentType,
      bytes: artifact.bytes,
    };
  }

  async getHtmlOutput(actor: Actor, runId: string, index: number): Promise<string> {
    const run = await this.requireOwnTestRun(actor, runId);
    const output = (run.uiPayload as UiPayload | null)?.outputs[index];
    if (output?.kind !== 'html_sandboxed')
      throw notFound(text('Resultatet finns inte.', 'The result does not exist.'));
    return stripNavigationTags(output.html);
  }

  /** A test run I started, of a tool I may still test-run; anything else does not exist for me. */
  async requireOwnTestRun(actor: Actor, runId: string): Promise<RunRecord> {
    const run = await this.deps.runs.findById(runId);
    if (!run || run.kind !== 'test' || run.requestedBy !== actor.id) throw notFound(TEST_RUN_NOT_FOUND);
    await this.deps.access.requireTestable(actor, run.toolId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw notFound(TEST_RUN_NOT_FOUND);
      throw error;
    });
    return run;
  }

  private async start(
    actor: Actor,
    toolId: string,
    versionId: string | null,
    content: RunSnapshot,
    request: TestRunRequest,
  ): Promise<RunView> {
    await this.requireCompiles(content.sourceCode);
    const inputs = normalizeFormInputs(content.inputSchema, request.inputs);
    const uploads = checkUploads(content.inputSchema, request.files, this.deps.uploadLimits);
    const settings = normalizeActionInput(content.settingsSchema, request.settings ?? {}, 'settings');
    const issues: TextIssue[] = [
      ...('issues' in inputs ? inputs.issues : []),
      ...('issues' in uploads ? uploads.issues : []),
      ...('issues' in settings ? settings.issues : []),
    ];
    if ('issues' in inputs || 'issues' in uploads || 'issues' in settings)
      throw invalid(
        text(
          'Några uppgifter behöver rättas innan verktyget kan testköras.',
          'Some details need to be corrected before the tool can be test-run.',
        ),
        issues,
      );
    assertSmallEnough(inputs.values);
    const id = newId();
    for (const file of uploads.files)
      await this.deps.files.putFromPath(storageKeys.runInput(id, file.name), file.tempPath);
    const snapshot: RunSnapshot = {
      sourceCode: content.sourceCode,
      entrypoint: content.entrypoint,
      inputSchema: content.inputSchema,
      settingsSchema: content.settingsSchema,
      settings: settings.values,
    };
    return this.enqueue(actor, {
      ...this.newTestRun(id, toolId, versionId, actor, snapshot),
      inputs: inputs.values,
      inputFiles: uploads.files.map((f) => ({ name: f.name, bytes: f.bytes })),
    });
  }

  /** A 422 that says where the code does not compile, before anything is queued. */
  private async requireCompiles(sourceCode: string): Promise<void> {
    const { error } = await this.deps.syntax.check(sourceCode);
    if (!error) return;
    const at = error.line === null ? null : { line: error.line, column: error.column };
    const details: DoesNotCompileDetails = { reason: 'DOES_NOT_COMPILE', ...error };
    throw new AppError(
      'VALIDATION_ERROR',
      text(
        `Koden går inte att kompilera${at ? ` (rad ${at.line}, kolumn ${at.column})` : ''}: ${error.message}`,
        `The code does not compile${at ? ` (line ${at.line}, column ${at.column})` : ''}: ${error.message}`,
      ),
      {
        ...details,
        issues: [
          { path: ['snapshot', 'sourceCode'], message: text('Kompilerar inte.', 'Does not compile.') },
        ],
      },
    );
  }

  private newTestRun(
    id: string,
    toolId: string,
    versionId: string | null,
    actor: Actor,
    snapshot: RunSnapshot,
  ): RunRecord {
    return {
      ...newQueuedRun(id, toolId, versionId ?? '', actor.id, this.deps.clock.now()),
      versionId,
      kind: 'test',
      sessionContext: TEST_CONTEXT,
      snapshot,
    };
  }

  private async enqueue(actor: Actor, run: RunRecord): Promise<RunView> {
    await this.deps.runs.insert(run);
    await this.deps.queue.enqueue(run.id);
    // No 'queued' event: nobody can be watching a run whose id this answer is about to give out.
    return this.present(actor, run);
  }

  private async present(actor: Actor, run: RunRecord): Promise<RunView> {
    return presentRun(run, {
      artifacts: await this.deps.runs.listArtifacts(run.id),
      stateRev: 0,
      toolSlug: null,
      canSeeOutput: true,
      locale: actor.locale ?? 'sv',
      runsPath: TEST_RUNS_PATH,
    });
  }
}
