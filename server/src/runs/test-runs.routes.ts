import {
  MAX_SOURCE_BYTES,
  runActionBodySchema,
  runViewSchema,
  toolPageSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import { exactSerializerCompiler } from '../http/exact-serializer';
import { readRunForm, type ParsedRunForm } from '../http/uploads';
import { streamRunEvents } from './run-events.sse';
import {
  artifactParams,
  htmlOutputHelmet,
  htmlOutputParams,
  runParams,
  sendArtifact,
  sendHtmlOutput,
} from './run-files.replies';
import { MAX_INPUT_BYTES } from './run-admission';
import type { RunEvents } from './runs.ports';
import type { UploadLimits } from './run-admission';
import { readTestRunForm } from './test-runs.form';
import type { TestRunsService } from './test-runs.service';
import { testRunSnapshotBody, testRunVersionBody } from './test-runs.openapi';

const tags = ['test runs'];
const contributor = { access: 'contributor' as const };
const started = { 202: runViewSchema };
/** The text fields of a test-run form and their longest values (bytes): the snapshot carries source and schemas. */
const TEST_RUN_FIELDS = {
  snapshot: 2 * MAX_SOURCE_BYTES + 2 * MAX_INPUT_BYTES,
  inputs: 2 * MAX_INPUT_BYTES,
  settings: 2 * MAX_INPUT_BYTES,
};

/** Test runs for maintainers and admins: unsaved editor content or a saved version, never anyone's history. */
export const testRunsRoutes: FastifyPluginAsyncZod<{
  testRuns: TestRunsService;
  events: RunEvents;
  uploadLimits: UploadLimits;
}> = async (app, { testRuns, events, uploadLimits }) => {
  app.setSerializerCompiler(exactSerializerCompiler);
  const withForm = async <T>(req: FastifyRequest, use: (form: ParsedRunForm) => Promise<T>) => {
    const form = await readRunForm(req, { ...uploadLimits, fields: TEST_RUN_FIELDS, fileField: 'files' });
    try {
      return await use(form);
    } finally {
      await form.cleanup();
    }
  };

  app.post(
    '/admin/tools/:toolId/test-runs',
    {
      config: contributor,
      schema: {
        tags,
        summary: "Test-run unsaved content of a tool you maintain (the editor's Testkör)",
        params: z.object({ toolId: z.uuid() }),
        ...testRunSnapshotBody,
        response: started,
      },
    },
    async (req, reply) => {
      const run = await withForm(req, (form) => {
        const { snapshot, ...request } = readTestRunForm(form, true);
        return testRuns.startSnapshotRun(actorOf(req), req.params.toolId, snapshot!, request);
      });
      return reply.status(202).send(run);
    },
  );
  app.post(
    '/admin/versions/:versionId/test-runs',
    {
      config: contributor,
      schema: {
        tags,
        summary: 'Test-run a saved version (e.g. the one under review, or the active one to compare)',
        params: z.object({ versionId: z.uuid() }),
        ...testRunVersionBody,
        response: started,
      },
    },
    async (req, reply) => {
      const run = await withForm(req, (form) =>
        testRuns.startVersionRun(actorOf(req), req.params.versionId, readTestRunForm(form, false)),
      );
      return reply.status(202).send(run);
    },
  );
  app.get(
    '/admin/test-runs/limits',
    {
      config: contributor,
      schema: {
        tags,
        summary: 'The upload limits a test run is checked against (the same as for real runs)',
        response: { 200: z.object({ uploadLimits: toolPageSchema.shape.uploadLimits }) },
      },
    },
    async () => ({ uploadLimits }),
  );
  app.get(
    '/admin/test-runs/:runId',
    {
      config: contributor,
      schema: { tags, summary: 'A test run of mine', params: runParams, response: { 200: runViewSchema } },
    },
    async (req) => testRuns.getRun(actorOf(req), req.params.runId),
  );
  app.get(
    '/admin/test-runs/:runId/events',
    {
      config: contributor,
      schema: { tags, summary: 'Server-sent events of a test run, until it is over', params: runParams },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      return streamRunEvents(req, reply, {
        runId: req.params.runId,
        events,
        load: () => testRuns.getRun(actor, req.params.runId),
      });
    },
  );
  app.post(
    '/admin/test-runs/:runId/actions',
    {
      config: contributor,
      schema: {
        tags,
        summary: 'Continue a test run with an action it offered, on the same code and its state',
        description:
          'The state comes from the test run named in the path; `expectedStateRev` is accepted for the ' +
          'shape of real runs and not checked (a test run’s steps never share state with anything else).',
        params: runParams,
        body: runActionBodySchema,
        response: started,
      },
    },
    async (req, reply) =>
      reply.status(202).send(await testRuns.submitAction(actorOf(req), req.params.runId, req.body)),
  );
  app.post(
    '/admin/test-runs/:runId/cancel',
    {
      config: contributor,
      schema: { tags, summary: 'Cancel a test run', params: runParams, response: { 200: runViewSchema } },
    },
    async (req) => testRuns.cancelRun(actorOf(req), req.params.runId),
  );
  app.get(
    '/admin/test-runs/:runId/artifacts/:artifactId',
    {
      config: contributor,
      schema: { tags, summary: 'Download a file a test run produced', params: artifactParams },
    },
    async (req, reply) =>
      sendArtifact(reply, await testRuns.openArtifact(actorOf(req), req.params.runId, req.params.artifactId)),
  );
  app.get(
    '/admin/test-runs/:runId/outputs/:index/html',
    {
      config: { ...contributor, securityHeaders: htmlOutputHelmet },
      schema: {
        tags,
        summary: 'The HTML of an html_sandboxed output of a test run, to show in a sandboxed frame',
        params: htmlOutputParams,
      },
    },
    async (req, reply) =>
      sendHtmlOutput(reply, await testRuns.getHtmlOutput(actorOf(req), req.params.runId, req.params.index)),
  );
};
