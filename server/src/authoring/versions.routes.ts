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
  type TextIssue,
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
        summary: "List a tool's versions",
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
        summary: 'Save a new draft version',
        description:
          'Needs your edit lock of the tool, and `baseVersionId` must be the newest version (409 with ' +
          '`details.reason` `LOCK_REQUIRED` or `STALE_BASE`). Schema errors are a 422 naming the field.',
        tags,
        errorCodes: ['CONFLICT'],
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
    {
      config: contributor,
      schema: {
        summary: 'Get a version with its source',
        tags,
        params: versionParams,
        response: { 200: versionSchema },
      },
    },
    (req) => versions.getVersion(actorOf(req), req.params.versionId),
  );
  app.get(
    '/admin/versions/:a/diff/:b',
    {
      config: contributor,
      schema: {
        summary: 'Compare two versions of a tool',
        tags,
        errorCodes: ['VALIDATION_ERROR'],
        params: z.object({ a: z.uuid(), b: z.uuid() }),
        response: { 200: versionDiffSchema },
      },
    },
    (req) => versions.diff(actorOf(req), req.params.a, req.params.b),
  );
  app.post(
    '/admin/versions/:versionId/submit',
    {
      config: contributor,
      schema: {
        summary: 'Submit your draft for review',
        tags,
        errorCodes: ['CONFLICT'],
        params: versionParams,
        body: submitBodySchema,
        response: summary,
      },
    },
    (req) => versions.submitForReview(actorOf(req), req.params.versionId, req.body.note),
  );
  app.post(
    '/admin/versions/:versionId/publish',
    {
      config: admin,
      schema: {
        summary: 'Publish a version in review',
        tags,
        errorCodes: ['CONFLICT'],
        params: versionParams,
        body: publishBodySchema,
        response: summary,
      },
    },
    (req) => versions.publishVersion(actorOf(req), req.params.versionId, req.body.changeSummary),
  );
  app.post(
    '/admin/versions/:versionId/request-changes',
    {
      config: admin,
      schema: {
        summary: 'Send a version in review back with a message',
        description: 'The version is archived and its author gets a new draft with the same content.',
        tags,
        errorCodes: ['CONFLICT'],
        params: versionParams,
        body: requestChangesBodySchema,
        response: summary,
      },
    },
    (req) => versions.requestChanges(actorOf(req), req.params.versionId, req.body.message),
  );
  app.post(
    '/admin/versions/:versionId/rollback',
    {
      config: { access: 'superuser' },
      schema: {
        summary: 'Make an earlier published version active again',
        tags,
        errorCodes: ['CONFLICT'],
        params: versionParams,
        response: summary,
      },
    },
    (req) => versions.rollback(actorOf(req), req.params.versionId),
  );
  app.get(
    '/admin/reviews',
    {
      config: admin,
      schema: {
        summary: 'List the versions waiting for review',
        tags,
        response: { 200: listOf(reviewItemSchema) },
      },
    },
    async (req) => ({
      items: await versions.reviewQueue(actorOf(req)),
      nextCursor: null,
    }),
  );
  app.post(
    '/admin/schemas/validate',
    {
      config: contributor,
      schema: {
        summary: 'Check an input_schema and settings_schema',
        description:
          "Answers 200 with the problems found, by the tool contract's schema rules; saves nothing.",
        tags,
        body: schemaValidationBodySchema,
        response: { 200: schemaValidationResultSchema },
      },
    },
    async (req) => {
      const inputSchema = validateInputSchema(req.body.inputSchema ?? []);
      const settingsSchema = validateSettingsSchema(req.body.settingsSchema ?? []);
      const inLocale = (issues: TextIssue[]) =>
        issues.map((issue) => ({ path: issue.path, message: issue.message[req.locale] }));
      return {
        isValid: inputSchema.length + settingsSchema.length === 0,
        inputSchema: inLocale(inputSchema),
        settingsSchema: inLocale(settingsSchema),
      };
    },
  );
};
