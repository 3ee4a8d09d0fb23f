import { sessionFileListSchema, toolSettingsBodySchema, toolSettingsSchema } from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { RunsService } from './runs.service';
import type { SettingsService } from './settings.service';

const slugParams = z.object({ slug: z.string().max(100) });
const tags = ['runs'];
const signedIn = { access: 'authenticated' as const };

/** What a user keeps per tool between runs: their settings and the files of a multi-step tool. */
export const toolStateRoutes: FastifyPluginAsyncZod<{
  runs: RunsService;
  settings: SettingsService;
}> = async (app, { runs, settings }) => {
  app.get(
    '/tools/:slug/session-files',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The files a multi-step tool keeps from my latest first run of it',
        params: slugParams,
        response: { 200: sessionFileListSchema },
      },
    },
    async (req) => runs.listSessionFiles(actorOf(req), req.params.slug),
  );
  app.get(
    '/tools/:slug/settings',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'My settings for a tool',
        params: slugParams,
        response: { 200: toolSettingsSchema },
      },
    },
    async (req) => settings.get(actorOf(req), req.params.slug),
  );
  app.put(
    '/tools/:slug/settings',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Save my settings for a tool',
        params: slugParams,
        body: toolSettingsBodySchema,
        response: { 200: toolSettingsSchema },
      },
    },
    async (req) => settings.put(actorOf(req), req.params.slug, req.body.values),
  );
};
