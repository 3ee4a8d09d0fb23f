import { patchProfileBodySchema, profileSchema } from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../http/actor';
import type { UsersService } from './users.service';

export const profileRoutes: FastifyPluginAsyncZod<{ users: UsersService }> = async (app, { users }) => {
  const tags = ['profile'];
  const config = { access: 'authenticated' as const };

  app.get(
    '/me/profile',
    {
      config: { ...config, allowsPendingPasswordChange: true },
      schema: { summary: 'Get my profile', tags, response: { 200: profileSchema } },
    },
    async (req) => users.getProfile(actorOf(req)),
  );

  app.patch(
    '/me/profile',
    {
      config,
      schema: {
        summary: 'Change my name or language',
        description:
          'The language (`sv` or `en`) is what the server writes its messages in for this user and what ' +
          'the web app opens in on their next sign-in, in any browser.',
        tags,
        body: patchProfileBodySchema,
        response: { 200: profileSchema },
      },
    },
    async (req) => users.updateProfile(actorOf(req), req.body),
  );
};
