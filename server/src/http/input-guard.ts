import { text } from '@skriptoteket/contracts';
import type { FastifyInstance } from 'fastify';
import { AppError, invalid } from '../shared/app-error';
import { isJsonTooDeep, MAX_JSON_DEPTH } from '../shared/json-depth';
import { findUnstorableText } from '../shared/storable-text';

export const UNSTORABLE_TEXT = text(
  'Texten innehåller tecken som inte kan sparas (NUL-tecken eller ofullständig Unicode). Ta bort dem och försök igen.',
  'The text contains characters that cannot be stored (a NUL character or broken Unicode). Remove them and try again.',
);

/** A path segment safe to echo back: what made the key unstorable is replaced. */
const printable = (segment: string | number) =>
  typeof segment === 'number'
    ? segment
    : (segment.replaceAll('\u0000', '?') as unknown as { toWellFormed(): string }).toWellFormed();

/** The 422 for a value PostgreSQL could not store, naming where it was sent. */
export function unstorableText(path: (string | number)[]): AppError {
  return invalid(text('Några uppgifter behöver rättas.', 'Some details need to be corrected.'), [
    { path: path.map(printable), message: UNSTORABLE_TEXT },
  ]);
}

export const tooDeep = () =>
  new AppError(
    'BAD_REQUEST',
    text(
      `JSON-texten är för djupt nästlad (högst ${MAX_JSON_DEPTH} nivåer).`,
      `The JSON is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`,
    ),
  );

/**
 * One rule at the edge for every route: a JSON body nested deeper than MAX_JSON_DEPTH is refused before it is
 * parsed, and a string anywhere in params, query or body that PostgreSQL cannot store (NUL, lone surrogates)
 * is a 422 naming the field, before validation and before any handler or query sees it.
 */
export function registerInputGuard(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const json = body.toString();
    if (isJsonTooDeep(json)) {
      done(tooDeep(), undefined);
      return;
    }
    void parseJson(request, json, done);
  });
  app.addHook('preValidation', async (request) => {
    const sources = { params: request.params, querystring: request.query, body: request.body } as const;
    for (const [context, value] of Object.entries(sources)) {
      const path = findUnstorableText(value);
      if (path) throw unstorableText([context, ...path]);
    }
  });
}
