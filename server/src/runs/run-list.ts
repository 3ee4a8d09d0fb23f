import { text, type RunListItem } from '@skriptoteket/contracts';
import type { Actor } from '../shared/actor';
import type { RunRepo } from './runs.ports';
import { presentRunError } from './runs.presenter';
import { invalid } from '../shared/app-error';

/** Paging and the one-line summary of the run history (GET /me/runs). */
export function encodeCursor(requestedAt: Date, id: string): string {
  return Buffer.from(`${requestedAt.toISOString()}|${id}`).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What encodeCursor writes: toISOString() of a year from 1970 to 9999. */
const ISO_TIME = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The page cursor back to its parts; anything encodeCursor could not have written is a 422 naming it. */
export function decodeCursor(cursor: string): { requestedAt: Date; id: string } {
  const [time = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const requestedAt = new Date(time);
  if (rest.length > 0 || !UUID.test(id) || !ISO_TIME.test(time) || Number.isNaN(requestedAt.getTime()))
    throw invalid(text('Ogiltig sidmarkör.', 'Invalid page cursor.'), [
      {
        path: ['querystring', 'cursor'],
        message: text('Börja om från första sidan.', 'Start again from the first page.'),
      },
    ]);
  return { requestedAt, id };
}

/** One line about what the user submitted, for the run history. */
export function summarizeInputs(inputs: unknown, actionId: string | null): string {
  const values = typeof inputs === 'object' && inputs !== null ? Object.entries(inputs) : [];
  const text = values
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : (JSON.stringify(value) ?? '')}`)
    .join(', ');
  const line = actionId ? `Steg ${actionId}${text ? ` (${text})` : ''}` : text;
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

export type RunHistoryPage = { limit: number; cursor?: string | undefined; tool?: string | undefined };
export type RunHistory = { items: RunListItem[]; nextCursor: string | null };

/** A page of the actor's own runs of published tools, newest first, with a cursor to the next page. */
export async function listRunsOf(runs: RunRepo, actor: Actor, page: RunHistoryPage): Promise<RunHistory> {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await runs.listByUser(actor.id, {
    limit: page.limit + 1,
    ...(after ? { after } : {}),
    ...(page.tool ? { toolSlug: page.tool } : {}),
  });
  const items = [];
  for (const run of rows.slice(0, page.limit)) {
    const artifacts = run.filesExpiredAt ? [] : await runs.listArtifacts(run.id);
    items.push({
      id: run.id,
      toolId: run.toolId,
      toolSlug: run.toolSlug,
      toolTitle: run.toolTitle,
      status: run.status,
      requestedAt: run.requestedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      ...presentRunError(run, actor.locale ?? 'sv'),
      inputsSummary: summarizeInputs(run.inputs, run.actionId),
      inputFiles: run.inputFiles,
      artifactCount: artifacts.length,
      filesExpired: run.filesExpiredAt !== null,
    });
  }
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor(last.requestedAt, last.id) : null };
}
