import { taxonomySchema, toolPageSchema } from '@skriptoteket/contracts';
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
};
