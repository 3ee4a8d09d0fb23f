import {
  adminToolSchema,
  adminToolSummarySchema,
  auditEventSchema,
  createToolBodySchema,
  listOf,
  lockBodySchema,
  maintainerBodySchema,
  patchToolBodySchema,
  personSchema,
  toolLockSchema,
  toolStatuses,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service';
import { actorOf } from '../http/actor';
import type { ToolsService } from './tools.service';

const toolParams = z.object({ toolId: z.uuid() });
const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
const tags = ['authoring'];

export const toolsRoutes: FastifyPluginAsyncZod<{ tools: ToolsService; audit: AuditService }> = async (
  app,
  { tools, audit },
) => {
  const contributor = { access: 'contributor' as const };
  const admin = { access: 'admin' as const };
  const people = { 200: z.object({ items: z.array(personSchema) }) };

  app.get(
    '/admin/tools',
    {
      config: contributor,
      schema: {
        summary: 'List the tools you can govern',
        description: 'All tools for admins; the tools you maintain for contributors.',
        tags,
        querystring: z.object({
          q: z.string().trim().max(100).optional(),
          status: z.enum(toolStatuses).optional(),
        }),
        response: { 200: listOf(adminToolSummarySchema) },
      },
    },
    async (req) => {
      const items = await tools.listTools(actorOf(req), { ...(req.query.q ? { q: req.query.q } : {}) });
      return {
        items: req.query.status ? items.filter((t) => t.status === req.query.status) : items,
        nextCursor: null,
      };
    },
  );
  app.post(
    '/admin/tools',
    {
      config: admin,
      schema: {
        summary: 'Create a tool',
        tags,
        body: createToolBodySchema,
        response: { 201: adminToolSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await tools.createTool(actorOf(req), req.body)),
  );
  app.get(
    '/admin/tools/:toolId',
    {
      config: contributor,
      schema: { summary: 'Get a tool', tags, params: toolParams, response: { 200: adminToolSchema } },
    },
    (req) => tools.getTool(actorOf(req), req.params.toolId),
  );
  app.patch(
    '/admin/tools/:toolId',
    {
      config: admin,
      schema: {
        summary: "Change a tool's metadata",
        description: 'Title, summary, slug (only before the first publication), professions and categories.',
        tags,
        errorCodes: ['CONFLICT'],
        params: toolParams,
        body: patchToolBodySchema,
        response: { 200: adminToolSchema },
      },
    },
    (req) => tools.updateTool(actorOf(req), req.params.toolId, req.body),
  );
  app.post(
    '/admin/tools/:toolId/publish',
    {
      config: admin,
      schema: {
        summary: 'Show a tool in the catalog',
        description:
          'Needs an active version, a valid slug, a profession and a category; a 409 lists what is ' +
          'missing in `details.blockers`.',
        tags,
        errorCodes: ['CONFLICT'],
        params: toolParams,
        response: { 200: adminToolSchema },
      },
    },
    (req) => tools.setPublished(actorOf(req), req.params.toolId, true),
  );
  app.post(
    '/admin/tools/:toolId/depublish',
    {
      config: admin,
      schema: {
        summary: 'Hide a tool from the catalog',
        tags,
        params: toolParams,
        response: { 200: adminToolSchema },
      },
    },
    (req) => tools.setPublished(actorOf(req), req.params.toolId, false),
  );
  app.get(
    '/admin/tools/:toolId/maintainers',
    {
      config: contributor,
      schema: { summary: "List a tool's maintainers", tags, params: toolParams, response: people },
    },
    async (req) => ({
      items: await tools.listMaintainers(actorOf(req), req.params.toolId),
    }),
  );
  app.post(
    '/admin/tools/:toolId/maintainers',
    {
      config: admin,
      schema: {
        summary: 'Add a maintainer to a tool',
        tags,
        params: toolParams,
        body: maintainerBodySchema,
        response: people,
      },
    },
    async (req) => ({ items: await tools.addMaintainer(actorOf(req), req.params.toolId, req.body) }),
  );
  app.delete(
    '/admin/tools/:toolId/maintainers/:userId',
    {
      config: admin,
      schema: {
        summary: 'Remove a maintainer from a tool',
        tags,
        params: toolParams.extend({ userId: z.uuid() }),
        response: people,
      },
    },
    async (req) => ({
      items: await tools.removeMaintainer(actorOf(req), req.params.toolId, req.params.userId),
    }),
  );
  app.post(
    '/admin/tools/:toolId/lock',
    {
      config: contributor,
      schema: {
        summary: 'Take or renew the edit lock of a tool',
        description:
          'For maintainers; saving a version needs the lock. 409 while someone else holds it, unless an ' +
          'admin takes it over with `force`.',
        tags,
        errorCodes: ['CONFLICT'],
        params: toolParams,
        body: lockBodySchema.optional(),
        response: { 200: toolLockSchema },
      },
    },
    (req) => tools.acquireLock(actorOf(req), req.params.toolId, req.body?.force ?? false),
  );
  app.delete(
    '/admin/tools/:toolId/lock',
    {
      config: contributor,
      schema: {
        summary: 'Release your edit lock of a tool',
        tags,
        params: toolParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await tools.releaseLock(actorOf(req), req.params.toolId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/admin/tools/:toolId/audit',
    {
      config: contributor,
      schema: {
        summary: "List a tool's audit log",
        tags,
        params: toolParams,
        querystring: pageQuery,
        response: { 200: listOf(auditEventSchema) },
      },
    },
    (req) => audit.listForTool(actorOf(req), req.params.toolId, req.query),
  );
  app.get(
    '/admin/audit',
    {
      config: admin,
      schema: {
        summary: 'List the audit log of all tools',
        tags,
        querystring: pageQuery,
        response: { 200: listOf(auditEventSchema) },
      },
    },
    (req) => audit.listAll(actorOf(req), req.query),
  );
};
