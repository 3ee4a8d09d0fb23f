import {
  listOf,
  publishBodySchema,
  requestChangesBodySchema,
  reviewItemSchema,
  saveVersionBodySchema,
  schemaValidationBodySchema,
  schemaValidationResultSchema,
  submitBodySchema,
  validateInputSchema,
  validateSettingsSchema,
  versionDiffSchema,
  versionSchema,
  versionSummarySchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { VersionsService } from './versions.service';

const versionParams = z.object({ versionId: z.uuid() });
const tags = ['authoring'];

export const versionsRoutes: FastifyPluginAsyncZod<{ versions: VersionsService }> = async (
  app,
  { versions },
) => {
  const contributor = { access: 'contributor' as const };
  const admin = { access: 'admin' as const };
  const summary = { 200: versionSummarySchema };

  app.get(
    '/admin/tools/:toolId/versions',
    {
      config: contributor,
      schema: {
        tags,
        params: z.object({ toolId: z.uuid() }),
        response: { 200: listOf(versionSummarySchema) },
      },
    },
    async (req) => ({
      items: await versions.listVersions(actorOf(req), req.params.toolId),
      nextCursor: null,
    }),
  );
  app.post(
    '/admin/tools/:toolId/versions',
    {
      config: contributor,
      schema: {
        tags,
        params: z.object({ toolId: z.uuid() }),
        body: saveVersionBodySchema,
        response: { 201: versionSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await versions.saveVersion(actorOf(req), req.params.toolId, req.body)),
  );
  app.get(
    '/admin/versions/:versionId',
    { config: contributor, schema: { tags, params: versionParams, response: { 200: versionSchema } } },
    (req) => versions.getVersion(actorOf(req), req.params.versionId),
  );
  app.get(
    '/admin/versions/:a/diff/:b',
    {
      config: contributor,
      schema: { tags, params: z.object({ a: z.uuid(), b: z.uuid() }), response: { 200: versionDiffSchema } },
    },
    (req) => versions.diff(actorOf(req), req.params.a, req.params.b),
  );
  app.post(
    '/admin/versions/:versionId/submit',
    {
      config: contributor,
      schema: { tags, params: versionParams, body: submitBodySchema, response: summary },
    },
    (req) => versions.submitForReview(actorOf(req), req.params.versionId, req.body.note),
  );
  app.post(
    '/admin/versions/:versionId/publish',
    { config: admin, schema: { tags, params: versionParams, body: publishBodySchema, response: summary } },
    (req) => versions.publishVersion(actorOf(req), req.params.versionId, req.body.changeSummary),
  );
  app.post(
    '/admin/versions/:versionId/request-changes',
    {
      config: admin,
      schema: { tags, params: versionParams, body: requestChangesBodySchema, response: summary },
    },
    (req) => versions.requestChanges(actorOf(req), req.params.versionId, req.body.message),
  );
  app.post(
    '/admin/versions/:versionId/rollback',
    { config: { access: 'superuser' }, schema: { tags, params: versionParams, response: summary } },
    (req) => versions.rollback(actorOf(req), req.params.versionId),
  );
  app.get(
    '/admin/reviews',
    { config: admin, schema: { tags, response: { 200: listOf(reviewItemSchema) } } },
    async (req) => ({
      items: await versions.reviewQueue(actorOf(req)),
      nextCursor: null,
    }),
  );
  app.post(
    '/admin/schemas/validate',
    {
      config: contributor,
      schema: { tags, body: schemaValidationBodySchema, response: { 200: schemaValidationResultSchema } },
    },
    async (req) => {
      const inputSchema = validateInputSchema(req.body.inputSchema ?? []);
      const settingsSchema = validateSettingsSchema(req.body.settingsSchema ?? []);
      return { isValid: inputSchema.length + settingsSchema.length === 0, inputSchema, settingsSchema };
    },
  );
};
