import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import { readRunForm } from '../http/uploads';
import { invalid } from '../shared/app-error';
import { stringifyJsonExact } from './json-exact';
import type { RunsService, SessionFilesMode, UploadLimits } from './runs.service';
import type { SettingsService } from './settings.service';
import { streamRunEvents } from './run-events.sse';
import type { RunEvents } from './runs.ports';

const runParams = z.object({ runId: z.uuid() });
const tags = ['runs'];
const signedIn = { access: 'authenticated' as const };

/** Run payloads may hold integers beyond 2^53 (tool state), so they are written by the exact serializer. */
const sendExact = (reply: FastifyReply, status: number, body: unknown) =>
  reply.status(status).type('application/json; charset=utf-8').send(stringifyJsonExact(body));

function parseInputsField(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('Formulärets värden kunde inte läsas.', [{ path: ['inputs'], message: 'Ogiltig JSON.' }]);
  }
}

export const runsRoutes: FastifyPluginAsyncZod<{
  runs: RunsService;
  settings: SettingsService;
  events: RunEvents;
  uploadLimits: UploadLimits;
}> = async (app, { runs, settings, events, uploadLimits }) => {
  app.post(
    '/tools/:slug/runs',
    {
      config: signedIn,
      schema: {
        tags,
        params: z.object({ slug: z.string().max(100) }),
        consumes: ['multipart/form-data', 'application/json'],
      },
    },
    async (req, reply) => {
      const form = await readRunForm(req, uploadLimits);
      try {
        const mode = (form.fields['sessionFilesMode'] ?? 'none') as SessionFilesMode;
        if (!['none', 'reuse', 'clear'].includes(mode))
          throw invalid('Okänt läge för sessionsfiler.', [
            { path: ['sessionFilesMode'], message: 'none, reuse eller clear.' },
          ]);
        const run = await runs.submitRun(actorOf(req), req.params.slug, {
          inputs: parseInputsField(form.fields['inputs']),
          files: form.files,
          sessionFilesMode: mode,
        });
        return sendExact(reply, 202, run);
      } finally {
        await form.cleanup();
      }
    },
  );
  app.get('/runs/:runId', { config: signedIn, schema: { tags, params: runParams } }, async (req, reply) =>
    sendExact(reply, 200, await runs.getRun(actorOf(req), req.params.runId)),
  );
  app.get(
    '/runs/:runId/events',
    { config: signedIn, schema: { tags, params: runParams } },
    async (req, reply) => {
      const actor = actorOf(req);
      await runs.requireOwnRun(actor, req.params.runId);
      return streamRunEvents(req, reply, {
        runId: req.params.runId,
        events,
        load: () => runs.getRun(actor, req.params.runId),
      });
    },
  );
  app.post(
    '/runs/:runId/actions',
    {
      config: signedIn,
      schema: {
        tags,
        params: runParams,
        body: z.object({
          actionId: z.string().min(1).max(200),
          input: z.record(z.string(), z.unknown()).default({}),
          expectedStateRev: z.number().int().min(0),
        }),
      },
    },
    async (req, reply) =>
      sendExact(reply, 202, await runs.submitAction(actorOf(req), req.params.runId, req.body)),
  );
  app.post(
    '/runs/:runId/cancel',
    { config: signedIn, schema: { tags, params: runParams } },
    async (req, reply) => sendExact(reply, 200, await runs.cancelRun(actorOf(req), req.params.runId)),
  );
  app.get(
    '/runs/:runId/artifacts/:artifactId',
    { config: signedIn, schema: { tags, params: runParams.extend({ artifactId: z.uuid() }) } },
    async (req, reply) => {
      const file = await runs.openArtifact(actorOf(req), req.params.runId, req.params.artifactId);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.bytes))
        .header('content-disposition', contentDisposition(file.name))
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  );
  app.get(
    '/me/runs',
    {
      config: signedIn,
      schema: {
        tags,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.string().max(200).optional(),
        }),
      },
    },
    async (req, reply) => sendExact(reply, 200, await runs.listMyRuns(actorOf(req), req.query)),
  );
  app.get(
    '/tools/:slug/settings',
    { config: signedIn, schema: { tags, params: z.object({ slug: z.string().max(100) }) } },
    async (req, reply) => sendExact(reply, 200, await settings.get(actorOf(req), req.params.slug)),
  );
  app.put(
    '/tools/:slug/settings',
    {
      config: signedIn,
      schema: {
        tags,
        params: z.object({ slug: z.string().max(100) }),
        body: z.object({ values: z.record(z.string(), z.unknown()) }),
      },
    },
    async (req, reply) =>
      sendExact(reply, 200, await settings.put(actorOf(req), req.params.slug, req.body.values)),
  );
};

/** RFC 6266 attachment header: an ASCII fallback plus the exact UTF-8 name (e.g. "Närvaro åk 9.xlsx"). */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
