import { text } from '@skriptoteket/contracts';
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
