import { text } from '@skriptoteket/contracts';
import { invalid } from '../shared/app-error';

/** Paging and the one-line summary of the run history (GET /me/runs). */
export function encodeCursor(requestedAt: Date, id: string): string {
  return Buffer.from(`${requestedAt.toISOString()}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { requestedAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const requestedAt = new Date(time ?? '');
  if (!id || Number.isNaN(requestedAt.getTime()))
    throw invalid(text('Ogiltig sidmarkör.', 'Invalid page cursor.'));
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
