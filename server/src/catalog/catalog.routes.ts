import {
  createTaxonomyTermBodySchema,
  patchTaxonomyTermBodySchema,
  taxonomyKinds,
  taxonomySchema,
  toolPageSchema,
} from '@skriptoteket/contracts';
import { actorOf } from '../http/actor';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CatalogService } from './catalog.service';

export const catalogRoutes: FastifyPluginAsyncZod<{ catalog: CatalogService }> = async (app, { catalog }) => {
  const config = { access: 'authenticated' as const };
  const tags = ['catalog'];

  app.get('/catalog/taxonomy', { config, schema: { tags, response: { 200: taxonomySchema } } }, () =>
    catalog.taxonomy(),
  );
  app.get(
    '/tools/:slug',
    {
      config,
      schema: { tags, params: z.object({ slug: z.string().max(100) }), response: { 200: toolPageSchema } },
    },
    (req) => catalog.getToolPage(req.params.slug),
  );

  const admin = { access: 'admin' as const };
  const kind = z.object({ kind: z.enum(taxonomyKinds) });
  app.post(
    '/admin/taxonomy/:kind',
    {
      config: admin,
      schema: { tags, params: kind, body: createTaxonomyTermBodySchema, response: { 201: taxonomySchema } },
    },
    async (req, reply) =>
      reply.status(201).send(await catalog.addTerm(actorOf(req), req.params.kind, req.body)),
  );
  app.patch(
    '/admin/taxonomy/:kind/:slug',
    {
      config: admin,
      schema: {
        tags,
        params: kind.extend({ slug: z.string().max(60) }),
        body: patchTaxonomyTermBodySchema,
        response: { 200: taxonomySchema },
      },
    },
    (req) => catalog.updateTerm(actorOf(req), req.params.kind, req.params.slug, req.body),
  );
};
