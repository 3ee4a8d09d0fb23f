import {
  runActionBodySchema,
  runListQuerySchema,
  runListSchema,
  runViewSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../http/actor';
import { exactSerializerCompiler } from '../http/exact-serializer';
import { streamRunEvents } from './run-events.sse';
import {
  artifactParams,
  htmlOutputHelmet,
  htmlOutputParams,
  runParams,
  sendArtifact,
  sendHtmlOutput,
} from './run-files.replies';
import { runSubmissionRoutes } from './run-submission.routes';
import { StreamSlots } from './stream-slots';
import type { RunEvents } from './runs.ports';
import type { RunsService } from './runs.service';
import type { SettingsService } from './settings.service';
import { toolStateRoutes } from './tool-state.routes';

const tags = ['runs'];
const signedIn = { access: 'authenticated' as const };

export const runsRoutes: FastifyPluginAsyncZod<{
  runs: RunsService;
  settings: SettingsService;
  events: RunEvents;
  eventStreamsPerUser: number;
}> = async (app, { runs, settings, events, eventStreamsPerUser }) => {
  app.setSerializerCompiler(exactSerializerCompiler);
  await app.register(toolStateRoutes, { runs, settings });
  await app.register(runSubmissionRoutes, { runs });
  const streams = new StreamSlots(eventStreamsPerUser);

  app.get(
    '/runs/:runId',
    {
      config: signedIn,
      schema: { tags, summary: 'A run of mine', params: runParams, response: { 200: runViewSchema } },
    },
    async (req) => runs.getRun(actorOf(req), req.params.runId),
  );
  app.get(
    '/runs/:runId/events',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Server-sent events: the run after every status change, until it is over',
        description:
          'At most SKRIPTOTEKET_RUN_EVENT_STREAMS_PER_USER streams per user are open at once (per server ' +
          'process); another is refused with 429, and GET /runs/{runId} serves instead.',
        params: runParams,
        errorCodes: ['RATE_LIMITED'],
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return streamRunEvents(req, reply, {
        runId: req.params.runId,
        events,
        load: () => runs.getRun(actor, req.params.runId),
        loadFirst: () => runs.getRunAsKnown(actor, req.params.runId),
        admit: () => reply.raw.once('close', streams.take(actor.id)),
        fromEvent: async (event) => {
          if (event.final) return runs.presentFinal(actor, event.final);
          return event.claimed ? runs.presentClaimed(actor, event.claimed) : null;
        },
        onFinal: () => runs.noteDelivered(req.params.runId),
      });
    },
  );
  app.post(
    '/runs/:runId/actions',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Continue a multi-step tool with an action its latest run offered',
        params: runParams,
        body: runActionBodySchema,
        errorCodes: ['CONFLICT', 'RATE_LIMITED'],
        response: { 202: runViewSchema },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await runs.submitAction(actorOf(req), req.params.runId, req.body)),
  );
  app.post(
    '/runs/:runId/cancel',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Cancel a queued or running run',
        params: runParams,
        response: { 200: runViewSchema },
      },
    },
    async (req) => runs.cancelRun(actorOf(req), req.params.runId),
  );
  app.get(
    '/runs/:runId/artifacts/:artifactId',
    {
      config: signedIn,
      schema: { tags, summary: 'Download a file a run produced', params: artifactParams },
    },
    async (req, reply) =>
      sendArtifact(reply, await runs.openArtifact(actorOf(req), req.params.runId, req.params.artifactId)),
  );
  app.get(
    '/runs/:runId/outputs/:index/html',
    {
      config: { ...signedIn, securityHeaders: htmlOutputHelmet },
      schema: {
        tags,
        summary: 'The HTML of an html_sandboxed output, to show in a sandboxed frame',
        description:
          'Served with a CSP that forbids scripts, network and same-origin access; <meta> and <base> tags ' +
          'are removed. `index` is the position in `uiPayload.outputs`, from 0.',
        params: htmlOutputParams,
      },
    },
    async (req, reply) =>
      sendHtmlOutput(reply, await runs.getHtmlOutput(actorOf(req), req.params.runId, req.params.index)),
  );
  app.get(
    '/me/runs',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'My runs, newest first',
        querystring: runListQuerySchema,
        response: { 200: runListSchema },
      },
    },
    async (req) => runs.listMyRuns(actorOf(req), req.query),
  );
};
