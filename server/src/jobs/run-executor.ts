import { createHash } from 'node:crypto';
import { listOutput, prepareRunDir } from '../sandbox/run-dir';
import type { Sandbox, SandboxLimits, SyntaxChecker } from '../sandbox/sandbox.ports';
import { normalizeSettings } from '../runs/input-normalizer';
import { parseJsonExact, stringifyJsonExact } from '../runs/json-exact';
import { normalizeResult } from '../runs/result-normalizer';
import {
  contentTypeFor,
  MESSAGES,
  sessionUpdateAfter,
  statusFromSandbox,
  type ArtifactRecord,
  type RunRecord,
  type RunSnapshot,
  type RunStatus,
} from '../runs/runs.model';
import type {
  FileStore,
  RunEvents,
  RunRepo,
  SessionFileRepo,
  SettingsRepo,
  ToolSessionRepo,
  ToolSource,
} from '../runs/runs.ports';
import { inputKey } from '../runs/runs.service';
import { schemaHash } from '../runs/schema-hash';
import type { Clock } from '../shared/ports';
import type { RunMetrics } from './run-metrics';
import { newId } from '../shared/tokens';

export interface RunExecutorDeps {
  runs: RunRepo;
  sessions: ToolSessionRepo;
  sessionFiles: SessionFileRepo;
  settings: SettingsRepo;
  tools: ToolSource;
  files: FileStore;
  events: RunEvents;
  sandbox: Sandbox;
  syntax: SyntaxChecker;
  clock: Clock;
  /** Where run directories are staged; each is removed after its run. */
  workRoot: string;
  limits: Record<RunRecord['kind'], SandboxLimits>;
  /** Time on top of the wall limit before a run's lease expires and the reaper fails it. */
  leaseGraceMs: number;
  metrics?: RunMetrics;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

const EMPTY_PAYLOAD = { contract_version: 2, outputs: [], next_actions: [], state: null };

/** Executes one queued run: the worker side of a run, from claim to stored result. */
export class RunExecutor {
  /** Syntax verdicts by source hash: a published version is compiled once per worker, not once per run. */
  private readonly syntaxVerdicts = new Map<string, { isValid: boolean; errorSummary: string | null }>();

  constructor(private readonly deps: RunExecutorDeps) {}

  private async checkSyntax(sourceCode: string) {
    const key = createHash('sha256').update(sourceCode).digest('hex');
    const cached = this.syntaxVerdicts.get(key);
    if (cached) return cached;
    const verdict = await this.deps.syntax.check(sourceCode);
    if (this.syntaxVerdicts.size >= 1000)
      this.syntaxVerdicts.delete(this.syntaxVerdicts.keys().next().value!);
    this.syntaxVerdicts.set(key, verdict);
    return verdict;
  }

  async execute(runId: string, workerId: string, shutdown?: AbortSignal): Promise<RunStatus | null> {
    const { runs, events, clock } = this.deps;
    const { limits: all, leaseGraceMs } = this.deps;
    const leaseMs = {
      production: all.production.wallMs + leaseGraceMs,
      test: all.test.wallMs + leaseGraceMs,
    };
    const run = await runs.claim(runId, workerId, clock.now(), leaseMs);
    if (!run) return null;
    const limits = this.deps.limits[run.kind];
    this.deps.metrics?.started(run.requestedAt, run.startedAt ?? clock.now());
    await events.publish({ runId, status: 'running' });

    const abort = new AbortController();
    const unsubscribe = events.subscribe(runId, (event) => {
      if (event.status === 'cancelled') abort.abort();
    });
    const onShutdown = () => abort.abort();
    shutdown?.addEventListener('abort', onShutdown);
    try {
      const status = await this.runInSandbox(run, limits, abort.signal);
      return status;
    } catch (error) {
      this.deps.log?.('run failed inside the platform', { runId, err: error });
      await this.finish(run, {
        status: 'failed',
        errorSummary: 'Körningen kunde inte genomföras på grund av ett internt fel.',
        payload: EMPTY_PAYLOAD,
      });
      return 'failed';
    } finally {
      unsubscribe();
      shutdown?.removeEventListener('abort', onShutdown);
    }
  }

  private async runInSandbox(run: RunRecord, limits: SandboxLimits, signal: AbortSignal): Promise<RunStatus> {
    const { tools, files, sandbox } = this.deps;
    const snapshot = run.snapshot ?? (run.versionId ? await tools.findVersionSnapshot(run.versionId) : null);
    if (!snapshot) throw new Error(`run ${run.id} has no code to run`);
    const check = await this.checkSyntax(snapshot.sourceCode);
    if (!check.isValid) {
      return this.finish(run, { status: 'failed', errorSummary: check.errorSummary, payload: EMPTY_PAYLOAD });
    }

    const inputFiles = [];
    for (const file of run.inputFiles) {
      const stream = await files.openRead(inputKey(run.id, file.name));
      if (!stream) throw new Error(`input file ${file.name} of run ${run.id} is missing`);
      inputFiles.push({ name: file.name, data: await streamToBuffer(stream) });
    }
    const memory = { settings: await this.settingsFor(run, snapshot) };
    const staged = await prepareRunDir(this.deps.workRoot, {
      sourceCode: snapshot.sourceCode,
      memory,
      files: inputFiles,
    });
    try {
      const env = await this.contractEnv(run, snapshot);
      const result = await sandbox.run({ runDir: staged.runDir, env, limits, signal });
      const listing = await listOutput(staged.runDir);
      const artifacts: ArtifactRecord[] = [];
      if (!('violation' in listing)) {
        for (const file of listing.files) {
          const storageKey = `runs/${run.id}/output/${file.relPath}`;
          await files.putFromPath(storageKey, file.absPath);
          artifacts.push({
            id: newId(),
            runId: run.id,
            path: `output/${file.relPath}`,
            bytes: file.bytes,
            storageKey,
            contentType: contentTypeFor(file.relPath),
          });
        }
      }
      const outcome = this.interpret(run, result);
      if ('violation' in listing)
        Object.assign(outcome, { status: 'failed', errorSummary: MESSAGES.artifactViolation });
      return this.finish(run, outcome, {
        artifacts,
        stdout: result.stdout,
        stderr: result.stderr,
        isStdoutTruncated: result.isStdoutTruncated,
        isStderrTruncated: result.isStderrTruncated,
        durationMs: result.durationMs,
      });
    } finally {
      await staged.cleanup();
    }
  }

  private interpret(run: RunRecord, result: Awaited<ReturnType<Sandbox['run']>>) {
    const fromSandbox = statusFromSandbox(result);
    if (fromSandbox) return { ...fromSandbox, payload: EMPTY_PAYLOAD as unknown };
    let raw: unknown;
    try {
      raw = parseJsonExact(result.resultJson!);
    } catch {
      return {
        status: 'failed' as RunStatus,
        errorSummary: MESSAGES.contractViolation,
        payload: EMPTY_PAYLOAD as unknown,
      };
    }
    const normalized = normalizeResult(raw, { isActionRun: run.actionId !== null });
    return {
      status: normalized.status as RunStatus,
      errorSummary: normalized.errorSummary,
      payload: normalized.payload as unknown,
    };
  }

  private async finish(
    run: RunRecord,
    outcome: { status: RunStatus; errorSummary: string | null; payload: unknown },
    extra: {
      artifacts?: ArtifactRecord[];
      stdout?: string;
      stderr?: string;
      isStdoutTruncated?: boolean;
      isStderrTruncated?: boolean;
      durationMs?: number;
    } = {},
  ): Promise<RunStatus> {
    const { runs, sessions, sessionFiles, files, events, clock } = this.deps;
    const now = clock.now();
    const isOwner = await runs.finish(
      run.id,
      run.attempt,
      {
        status: outcome.status,
        finishedAt: now,
        uiPayload: outcome.payload,
        errorSummary: outcome.errorSummary,
        stdout: extra.stdout ?? '',
        stderr: extra.stderr ?? '',
        isStdoutTruncated: extra.isStdoutTruncated ?? false,
        isStderrTruncated: extra.isStderrTruncated ?? false,
        durationMs: extra.durationMs ?? 0,
      },
      extra.artifacts ?? [],
    );
    if (!isOwner) {
      // Cancelled, or the lease ran out and the reaper failed the run: this attempt's result is not reported.
      await files.removePrefix(`runs/${run.id}/output/`);
      return (await runs.findById(run.id))?.status ?? outcome.status;
    }
    const key = { toolId: run.toolId, userId: run.requestedBy, context: run.sessionContext };
    const update = sessionUpdateAfter(
      run,
      outcome.status,
      outcome.payload as { next_actions: unknown[]; state: Record<string, unknown> | null },
    );
    if (update) await sessions.record(key, { ...update, offeringRunId: run.id }, now);
    if (outcome.status === 'succeeded' && run.actionId === null && run.inputFiles.length > 0) {
      const kept = [];
      for (const file of run.inputFiles) {
        const storageKey = `sessions/${run.toolId}/${run.requestedBy}/${run.sessionContext}/${file.name}`;
        await files.copy(inputKey(run.id, file.name), storageKey);
        kept.push({ name: file.name, bytes: file.bytes, storageKey });
      }
      await sessionFiles.replace(key, kept, now);
    }
    await events.publish({ runId: run.id, status: outcome.status });
    const seconds = (now.getTime() - (run.startedAt ?? now).getTime()) / 1000;
    this.deps.metrics?.finishedRun(
      outcome.status,
      (await this.deps.tools.slugOf(run.toolId)) ?? 'unknown',
      seconds,
    );
    return outcome.status;
  }

  private async settingsFor(run: RunRecord, snapshot: RunSnapshot): Promise<Record<string, unknown>> {
    if (snapshot.settingsSchema.length === 0) return {};
    const stored = await this.deps.settings.find(
      run.toolId,
      run.requestedBy,
      schemaHash(snapshot.settingsSchema),
    );
    return normalizeSettings(snapshot.settingsSchema, stored ?? {});
  }

  private async contractEnv(run: RunRecord, snapshot: RunSnapshot): Promise<Record<string, string>> {
    const manifest = {
      files: run.inputFiles.map((f) => ({ name: f.name, path: `/work/input/${f.name}`, bytes: f.bytes })),
    };
    const env: Record<string, string> = {
      SKRIPTOTEKET_SCRIPT_PATH: '/work/script.py',
      SKRIPTOTEKET_ENTRYPOINT: snapshot.entrypoint,
      SKRIPTOTEKET_INPUT_DIR: '/work/input',
      SKRIPTOTEKET_OUTPUT_DIR: '/work/output',
      SKRIPTOTEKET_RESULT_PATH: '/work/result.json',
      SKRIPTOTEKET_MEMORY_PATH: '/work/memory.json',
      SKRIPTOTEKET_INPUT_MANIFEST: stringifyJsonExact(manifest),
      SKRIPTOTEKET_INPUTS: run.actionId === null ? stringifyJsonExact(run.inputs) : '{}',
    };
    if (run.actionId !== null) {
      const session = await this.deps.sessions.find({
        toolId: run.toolId,
        userId: run.requestedBy,
        context: run.sessionContext,
      });
      env['SKRIPTOTEKET_ACTION'] = stringifyJsonExact({
        action_id: run.actionId,
        input: run.inputs,
        state: session?.state ?? {},
      });
    }
    return env;
  }
}

async function streamToBuffer(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
