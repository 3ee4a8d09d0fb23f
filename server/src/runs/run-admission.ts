import { contentTypeFor, fileCountBounds, readSchemaFields, text } from '@skriptoteket/contracts';
import { stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { AppError, conflict, invalid, notFound } from '../shared/app-error';
import type { Actor } from '../shared/actor';
import type { RunRecord } from './runs.model';
import type { RunnableTool } from './runs.ports';
import { storageKeys } from '../storage/keys';

/**
 * What a run submission may carry, decided before its body is read: the tool must exist, the user must have
 * room in the queue, and the form may only hold as many files as the tool's file field takes.
 */

export interface UploadedFile {
  name: string;
  bytes: number;
  mimeType: string;
  /** Where the HTTP layer spooled the upload; the service moves it into the file store. */
  tempPath: string;
}

/** A file for a new run: a fresh upload (tempPath), a stored file copied in (storageKey) or bytes (a tool's sample). */
export type FileCandidate = {
  name: string;
  bytes: number;
  mimeType: string;
  tempPath?: string;
  storageKey?: string;
  content?: Uint8Array;
};

export interface UploadLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
}

/** A run that may start, as found before its request's body was read. */
export interface Admission {
  tool: RunnableTool;
  /** The upload limits of the tool (no files for a tool without a file field). */
  uploadLimits: UploadLimits;
}

/** The upload limits for one tool: no files at all without a file field, at most its `max` with one. */
export function uploadLimitsFor(inputSchema: readonly unknown[], limits: UploadLimits): UploadLimits {
  const field = readSchemaFields(inputSchema).find((f) => f.kind === 'file');
  return { ...limits, maxFiles: field ? Math.min(limits.maxFiles, fileCountBounds(field).max) : 0 };
}

/** 429 when a user already has `cap` runs waiting or running: one person's backlog must not fill the queue. */
export function assertRoomInQueue(active: number, cap: number): void {
  if (active < cap) return;
  throw new AppError(
    'RATE_LIMITED',
    text(
      `Du har redan ${active} körningar som väntar eller pågår (högst ${cap}). Vänta tills några är klara och försök igen.`,
      `You already have ${active} runs waiting or running (at most ${cap}). Wait until some have finished and try again.`,
    ),
    { waiting: active, limit: cap },
  );
}

/** Form values travel to the tool in one environment variable, which the kernel caps at 128 KiB. */
export const MAX_INPUT_BYTES = 64 * 1024;

export function assertSmallEnough(values: unknown): void {
  if (Buffer.byteLength(stringifyJsonExact(values)) > MAX_INPUT_BYTES) {
    throw invalid(
      text(
        'Formulärets text är för lång (högst 64 kB sammanlagt). Lägg längre texter i en fil i stället.',
        'The form’s text is too long (at most 64 kB in total). Put longer texts in a file instead.',
      ),
      [{ path: ['inputs'], message: text('För lång text.', 'Text too long.') }],
    );
  }
}

/**
 * Another user's run does not exist for you: same answer as a run that never existed. Test runs are reached only
 * through the test-run endpoints (their maintainers' rules), never as one's own runs.
 */
export function ownRun(actor: Actor, run: RunRecord | null): RunRecord {
  if (!run || run.requestedBy !== actor.id || run.kind !== 'production')
    throw notFound(text('Körningen finns inte.', 'The run does not exist.'));
  return run;
}

export const toolNotRunnable = () =>
  notFound(
    text('Verktyget finns inte eller är inte publicerat.', 'The tool does not exist or is not published.'),
  );

/** A run whose tool changed after it was admitted: no longer runnable (404), or another version is active (409). */
export function toolChanged(runnableVersionId: string | null): AppError {
  if (runnableVersionId === null) return toolNotRunnable();
  return conflict(
    text(
      'Verktyget uppdaterades precis. Försök igen: dina uppgifter finns kvar.',
      'The tool was just updated. Try again: what you entered is still there.',
    ),
    { reason: 'TOOL_CHANGED' },
  );
}

/**
 * The input files of an earlier run of mine, passed to a rerun ahead of any new uploads: 422 when that run is of
 * another tool, or when retention has removed its files.
 */
export function rerunCandidates(earlier: RunRecord, toolId: string): FileCandidate[] {
  if (earlier.toolId !== toolId) {
    throw invalid(text('Körningen hör till ett annat verktyg.', 'The run belongs to another tool.'), [
      {
        path: ['rerunOf'],
        message: text('Välj en körning av det här verktyget.', 'Choose a run of this tool.'),
      },
    ]);
  }
  if (earlier.filesExpiredAt && earlier.inputFiles.length > 0) {
    throw invalid(
      text(
        'Filerna från den körningen har tagits bort eftersom de var för gamla.',
        'The files of that run have been removed because they were too old.',
      ),
      [
        {
          path: ['rerunOf'],
          message: text(
            'Filerna finns inte längre. Välj dem igen.',
            'The files are gone. Choose them again.',
          ),
        },
      ],
    );
  }
  return earlier.inputFiles.map((f) => ({
    name: f.name,
    bytes: f.bytes,
    mimeType: contentTypeFor(f.name),
    storageKey: storageKeys.runInput(earlier.id, f.name),
  }));
}
