import {
  acceptedResponseSchema,
  forgotPasswordBodySchema,
  registerBodySchema,
  registrationInfoSchema,
  resendVerificationBodySchema,
  resetPasswordBodySchema,
  tokenBodySchema,
  verifyEmailResponseSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountsService } from './accounts.service';

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  /** Requests per client IP and minute on each of these routes (counted in the database). */
  ratePerMinute: number;
}

const ACCEPTED = { status: 'accepted' as const };

export const accountsRoutes: FastifyPluginAsyncZod<AccountsRoutesOptions> = async (app, opts) => {
  const { accounts } = opts;
  const tags = ['auth'];
  const limited = (name: string) => ({
    access: 'public' as const,
    ipLimit: { name, max: opts.ratePerMinute, windowMs: 60_000 },
  });
  const accepted = { 202: acceptedResponseSchema };

  app.get(
    '/auth/registration',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Whether people may create their own accounts here',
        tags,
        response: { 200: registrationInfoSchema },
      },
    },
    async () => accounts.registrationInfo(),
  );

  app.post(
    '/auth/register',
    {
      config: limited('register'),
      schema: {
        summary: 'Create an account (then confirm the address by the mailed link)',
        description:
          'Answers 202 whether or not the address already has an account; a new account can sign in once the ' +
          'link in the mail is opened. 403 when registration is off, 422 for an address outside the allowed domains.',
        tags,
        errorCodes: ['FORBIDDEN'],
        body: registerBodySchema,
        response: accepted,
      },
    },
    async (req, reply) => {
      await accounts.register(req.body, req.locale);
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: limited('verify'),
      schema: {
        summary: 'Confirm an address by the token of a mailed link (a new account, or a changed address)',
        description:
          'Each link works once: 400 `LINK_INVALID` when used or unknown, 410 `LINK_EXPIRED` when too old.',
        tags,
        errorCodes: ['LINK_INVALID', 'LINK_EXPIRED', 'CONFLICT'],
        body: tokenBodySchema,
        response: { 200: verifyEmailResponseSchema },
      },
    },
    async (req) => accounts.verifyEmail(req.body.token),
  );

  app.post(
    '/auth/resend-verification',
    {
      config: limited('resend'),
      schema: {
        summary: 'Send a new verification link, by address or by an expired link',
        tags,
        body: resendVerificationBodySchema,
        response: accepted,
      },
    },
    async (req, reply) => {
      await accounts.resendVerification(req.body);
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    '/auth/forgot-password',
    {
      config: limited('forgot'),
      schema: {
        summary: 'Mail a link to choose a new password',
        description: 'Answers 202 whether or not the address has an account.',
        tags,
        body: forgotPasswordBodySchema,
        response: accepted,
      },
    },
    async (req, reply) => {
      await accounts.forgotPassword(req.body.email);
      return reply.status(202).send(ACCEPTED);
    },
  );

  app.post(
    '/auth/reset-password',
    {
      config: limited('reset'),
      schema: {
        summary: 'Choose a new password by the token of a mailed link; signs out every session',
        tags,
        errorCodes: ['LINK_INVALID', 'LINK_EXPIRED'],
        body: resetPasswordBodySchema,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await accounts.resetPassword(req.body.token, req.body.password);
      return reply.status(204).send(null);
    },
  );
};
