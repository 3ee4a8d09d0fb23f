import {
  acceptedResponseSchema,
  changeEmailBodySchema,
  changePasswordBodySchema,
  ownSessionsResponseSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { OwnAccountService } from './own-account.service';

export interface OwnAccountRoutesOptions {
  ownAccount: OwnAccountService;
  ratePerMinute: number;
}

export const ownAccountRoutes: FastifyPluginAsyncZod<OwnAccountRoutesOptions> = async (app, opts) => {
  const { ownAccount } = opts;
  const tags = ['profile'];
  const limited = (name: string) => ({ name, max: opts.ratePerMinute, windowMs: 60_000 });

  app.post(
    '/me/password',
    {
      config: { access: 'authenticated', allowsPendingPasswordChange: true, ipLimit: limited('password') },
      schema: {
        summary: 'Change my password (the current one is required); signs out my other sessions',
        tags,
        errorCodes: ['ACCOUNT_LOCKED'],
        body: changePasswordBodySchema,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { currentPassword, newPassword } = req.body;
      await ownAccount.changePassword(actorOf(req), req.auth!.sessionId, currentPassword, newPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/me/email',
    {
      config: { access: 'authenticated', ipLimit: limited('email') },
      schema: {
        summary: 'Change my e-mail address: a link goes to the new address, which takes effect when opened',
        tags,
        errorCodes: ['ACCOUNT_LOCKED'],
        body: changeEmailBodySchema,
        response: { 202: acceptedResponseSchema },
      },
    },
    async (req, reply) => {
      await ownAccount.requestEmailChange(actorOf(req), req.body.newEmail, req.body.password);
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );

  app.get(
    '/me/sessions',
    {
      config: { access: 'authenticated' },
      schema: { summary: 'List my signed-in sessions', tags, response: { 200: ownSessionsResponseSchema } },
    },
    async (req) => ({ items: await ownAccount.listSessions(actorOf(req), req.auth!.sessionId) }),
  );

  app.delete(
    '/me/sessions/:sessionId',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: 'Sign out one of my sessions',
        tags,
        params: z.object({ sessionId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await ownAccount.revokeSession(actorOf(req), req.params.sessionId);
      return reply.status(204).send(null);
    },
  );
};
