import {
  catalogPageSchema,
  createTaxonomyTermBodySchema,
  patchTaxonomyTermBodySchema,
  recentToolSchema,
  taxonomyKinds,
  taxonomySchema,
  toolCardSchema,
  toolPageSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { CatalogService } from './catalog.service';

const tags = ['catalog'];
const slugParams = z.object({ slug: z.string().max(100) });
const commaList = z
  .string()
  .max(500)
  .optional()
  .transform((v) => (v ? v.split(',').filter(Boolean) : []));
const catalogQuery = z.object({
  q: z.string().max(200).optional(),
  professions: commaList,
  categories: commaList,
  favorites: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  cursor: z.string().max(40).optional(),
});

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogService }> = async (app, { catalog }) => {
  const config = { access: 'authenticated' as const };
  const admin = { access: 'admin' as const };
  const noContent = { 204: z.null() };

  app.get(
    '/catalog/taxonomy',
    {
      config,
      schema: { summary: 'List professions and categories', tags, response: { 200: taxonomySchema } },
    },
    () => catalog.taxonomy(),
  );
  app.get(
    '/catalog/tools',
    {
      config,
      schema: {
        summary: 'Search the catalog of published tools',
        description:
          'Search by prefix, by other forms of a Swedish word ("grupper" finds "gruppen" and "Gruppgenerator"), ' +
          'by words inside Swedish compounds and with one typo forgiven in words of five letters or more ' +
          '(accents folded); ranked exact word > prefix or another form of the word > prefix of the stem > ' +
          'inside a compound > typo, title > summary > instructions, then title. Filtered by comma-separated ' +
          'profession and category slugs, or favorites only; paged with `cursor`. Totals and facet counts are ' +
          'exact.',
        tags,
        querystring: catalogQuery,
        response: { 200: catalogPageSchema },
      },
    },
    (req) => catalog.search(actorOf(req), { ...req.query, isFavoritesOnly: req.query.favorites === 'true' }),
  );
  app.get(
    '/tools/:slug',
    {
      config,
      schema: {
        summary: "Get a published tool's page",
        tags,
        params: slugParams,
        response: { 200: toolPageSchema },
      },
    },
    (req) => catalog.getToolPage(actorOf(req), req.params.slug),
  );
  app.post(
    '/tools/:slug/instructions-read',
    {
      config,
      schema: {
        summary: "Mark a tool's instructions as read",
        tags,
        params: slugParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await catalog.markInstructionsRead(actorOf(req), req.params.slug);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me/favorites',
    {
      config,
      schema: {
        summary: 'List your favorite tools',
        tags,
        response: { 200: z.object({ items: z.array(toolCardSchema) }) },
      },
    },
    async (req) => ({
      items: await catalog.favorites(actorOf(req)),
    }),
  );
  const favoriteParams = z.object({ toolId: z.uuid() });
  app.put(
    '/me/favorites/:toolId',
    {
      config,
      schema: { summary: 'Add a tool to your favorites', tags, params: favoriteParams, response: noContent },
    },
    async (req, reply) => {
      await catalog.setFavorite(actorOf(req), req.params.toolId, true);
      return reply.status(204).send(null);
    },
  );
  app.delete(
    '/me/favorites/:toolId',
    {
      config,
      schema: {
        summary: 'Remove a tool from your favorites',
        tags,
        params: favoriteParams,
        response: noContent,
      },
    },
    async (req, reply) => {
      await catalog.setFavorite(actorOf(req), req.params.toolId, false);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/me/recent-tools',
    {
      config,
      schema: {
        summary: 'List the tools you ran most recently',
        tags,
        response: { 200: z.object({ items: z.array(recentToolSchema) }) },
      },
    },
    async (req) => ({ items: await catalog.recentTools(actorOf(req)) }),
  );

  const kind = z.object({ kind: z.enum(taxonomyKinds) });
  app.post(
    '/admin/taxonomy/:kind',
    {
      config: admin,
      schema: {
        summary: 'Add a profession or category',
        tags,
        errorCodes: ['CONFLICT'],
        params: kind,
        body: createTaxonomyTermBodySchema,
        response: { 201: taxonomySchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await catalog.addTerm(actorOf(req), req.params.kind, req.body)),
  );
  app.patch(
    '/admin/taxonomy/:kind/:slug',
    {
      config: admin,
      schema: {
        summary: 'Change the label or order of a profession or category',
        tags,
        params: kind.extend({ slug: z.string().max(60) }),
        body: patchTaxonomyTermBodySchema,
        response: { 200: taxonomySchema },
      },
    },
    (req) => catalog.updateTerm(actorOf(req), req.params.kind, req.params.slug, req.body),
  );
};
