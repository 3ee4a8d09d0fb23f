import { runSubmissionFieldsSchema, runViewSchema, text, type Text } from '@skriptoteket/contracts';
import { parseJsonExact } from '@skriptoteket/contracts/json-exact';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import { tooDeep } from '../http/input-guard';
import { runSubmissionBody } from '../http/openapi';
import { readRunForm } from '../http/uploads';
import { invalid } from '../shared/app-error';
import { isJsonTooDeep } from '../shared/json-depth';
import { MAX_INPUT_BYTES } from './run-admission';
import type { RunsService } from './runs.service';

/**
 * The text fields a run form has and the longest value of each (bytes). `inputs` may be twice the 64 kB the
 * normalized values may take, for the JSON's own punctuation and escapes.
 */
const FORM_FIELDS = { inputs: 2 * MAX_INPUT_BYTES, sessionFilesMode: 16, rerunOf: 64 };
const FIELD_HINTS: Record<string, Text> = {
  sessionFilesMode: text('none, reuse eller clear.', 'none, reuse or clear.'),
  rerunOf: text('Ogiltig körning.', 'Not a valid run.'),
};

/** A body smaller than this is read before the per-user limit of waiting runs is checked: reading it is cheap. */
const SMALL_BODY_BYTES = 4 * MAX_INPUT_BYTES;

/**
 * Whether the request's body is worth refusing before it is read: a multipart body (a JSON one has been read
 * already) that says it is large, or does not say (chunked).
 */
function mayBeLarge(req: FastifyRequest): boolean {
  if (!req.isMultipart()) return false;
  const declared = Number(req.headers['content-length']);
  return !(Number.isFinite(declared) && declared <= SMALL_BODY_BYTES);
}

/** POST /tools/:slug/runs: who may run what is decided before the body is read, then the body part by part. */
export const runSubmissionRoutes: FastifyPluginAsyncZod<{ runs: RunsService }> = async (app, { runs }) => {
  app.post(
    '/tools/:slug/runs',
    {
      config: { access: 'authenticated' },
      // A JSON body carries no files: the form's text fields at most.
      bodyLimit: 4 * MAX_INPUT_BYTES,
      schema: {
        tags: ['runs'],
        summary: 'Start a run of a published tool',
        description:
          'Also accepts a JSON body with the same fields and no files. The tool is looked up before the ' +
          'body is read (404), and for a multipart body over 256 kB or of unknown length the per-user limit ' +
          'of waiting runs too (429; every body is checked against it before its run is queued); an unknown ' +
          'field, a field over its length or a file the tool cannot take stops reading at once (422, 413). ' +
          'As the run is queued the tool is checked again: no longer published (404), or a new version became ' +
          'active while the form was read (409, details.reason TOOL_CHANGED: send it again).',
        params: z.object({ slug: z.string().max(100) }),
        ...runSubmissionBody,
        errorCodes: ['RATE_LIMITED', 'CONFLICT'],
        response: { 202: runViewSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      let form;
      let admission;
      try {
        admission = await runs.admitRun(actor, req.params.slug, { checkQueue: mayBeLarge(req) });
        form = await readRunForm(req, { ...admission.uploadLimits, fields: FORM_FIELDS, fileField: 'files' });
      } catch (error) {
        // Whatever is left of the body is not worth parsing: it is read and dropped, so the connection
        // notices when the client goes away instead of sitting paused.
        req.raw.unpipe();
        req.raw.resume();
        throw error;
      }
      try {
        const fields = runSubmissionFieldsSchema.safeParse(form.fields);
        if (!fields.success) {
          throw invalid(
            text('Begäran kunde inte tolkas.', 'The request could not be understood.'),
            fields.error.issues.map((issue) => ({
              path: issue.path.map(String),
              message: FIELD_HINTS[String(issue.path[0])] ?? text('Ogiltigt värde.', 'Invalid value.'),
            })),
          );
        }
        const run = await runs.submitRun(actor, req.params.slug, {
          inputs: parseInputsField(fields.data.inputs),
          files: form.files,
          sessionFilesMode: fields.data.sessionFilesMode,
          rerunOf: fields.data.rerunOf,
          admission,
        });
        return reply.status(202).send(run);
      } finally {
        await form.cleanup();
      }
    },
  );
};

const UNREADABLE_INPUTS = text(
  'Formulärets värden kunde inte läsas.',
  'The form’s values could not be read.',
);
const INVALID_JSON = text('Ogiltig JSON.', 'Invalid JSON.');

function parseInputsField(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  if (isJsonTooDeep(text)) throw tooDeep();
  try {
    return parseJsonExact(text);
  } catch {
    throw invalid(UNREADABLE_INPUTS, [{ path: ['inputs'], message: INVALID_JSON }]);
  }
}
