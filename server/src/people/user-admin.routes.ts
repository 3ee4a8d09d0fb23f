import {
  adminUserSchema,
  createdUserSchema,
  createUserBodySchema,
  loginEventListSchema,
  loginEventQuerySchema,
  patchUserBodySchema,
  sentLinkSchema,
  setPasswordBodySchema,
  setPasswordResponseSchema,
  userListQuerySchema,
  userListSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { PasswordLinksService } from './password-links.service';
import type { UserAdminService } from './user-admin.service';

const userParams = z.object({ userId: z.uuid() });
const tags = ['users'];

export const userAdminRoutes: FastifyPluginAsyncZod<{
  userAdmin: UserAdminService;
  passwordLinks: PasswordLinksService;
}> = async (app, { userAdmin, passwordLinks }) => {
  const admin = { access: 'admin' as const };

  app.get(
    '/admin/users',
    {
      config: admin,
      schema: {
        summary: 'Search and list users',
        description: '`q` matches name or e-mail; ordered by e-mail.',
        tags,
        querystring: userListQuerySchema,
        response: { 200: userListSchema },
      },
    },
    (req) => userAdmin.listUsers(actorOf(req), req.query),
  );
  app.post(
    '/admin/users',
    {
      config: admin,
      schema: {
        summary: 'Create a user and send an invitation',
        description: 'The new person chooses a password through a single-use link that expires in 7 days.',
        tags,
        errorCodes: ['CONFLICT'],
        body: createUserBodySchema,
        response: { 201: createdUserSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await userAdmin.createUser(actorOf(req), req.body)),
  );
  app.get(
    '/admin/users/:userId',
    {
      config: admin,
      schema: { summary: 'Get a user', tags, params: userParams, response: { 200: adminUserSchema } },
    },
    (req) => userAdmin.getUser(actorOf(req), req.params.userId),
  );
  app.patch(
    '/admin/users/:userId',
    {
      config: admin,
      schema: {
        summary: "Change a user's role or deactivate/reactivate them",
        description:
          'Admins manage users up to admin; only a superuser grants or removes superuser. Deactivating ' +
          'signs the person out everywhere.',
        tags,
        errorCodes: ['CONFLICT'],
        params: userParams,
        body: patchUserBodySchema,
        response: { 200: adminUserSchema },
      },
    },
    (req) => userAdmin.patchUser(actorOf(req), req.params.userId, req.body),
  );
  app.post(
    '/admin/users/:userId/unlock',
    {
      config: admin,
      schema: {
        summary: 'Unlock an account locked after failed sign-ins',
        tags,
        params: userParams,
        response: { 200: adminUserSchema },
      },
    },
    (req) => userAdmin.unlock(actorOf(req), req.params.userId),
  );
  app.post(
    '/admin/users/:userId/send-reset',
    {
      config: admin,
      schema: {
        summary: 'Send a link to set a new password',
        description: 'Someone who never accepted their invitation gets a new invitation instead.',
        tags,
        errorCodes: ['CONFLICT'],
        params: userParams,
        response: { 200: sentLinkSchema },
      },
    },
    (req) => userAdmin.sendReset(actorOf(req), req.params.userId),
  );
  app.get(
    '/admin/users/:userId/login-events',
    {
      config: { access: 'superuser' },
      schema: {
        summary: "List a user's sign-in attempts",
        description: 'Newest first; kept 90 days.',
        tags,
        params: userParams,
        querystring: loginEventQuerySchema,
        response: { 200: loginEventListSchema },
      },
    },
    (req) => userAdmin.loginEvents(actorOf(req), req.params.userId, req.query),
  );
  app.post(
    '/auth/set-password',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        summary: 'Set a password from an invitation or reset link',
        description: 'The link works once. Other sessions of the account are signed out.',
        tags,
        body: setPasswordBodySchema,
        response: { 200: setPasswordResponseSchema },
      },
    },
    (req) => passwordLinks.setPassword(req.body.token, req.body.password),
  );
};
