import {
  csrfResponseSchema,
  loginBodySchema,
  loginResponseSchema,
  meResponseSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientInfo } from '../http/client-info';
import {
  clearSessionCookie,
  csrfTokenFor,
  setSessionCookie,
  type SessionPluginOptions,
} from '../http/session.plugin';
import type { AuthService } from './auth.service';

export interface AuthRoutesOptions extends SessionPluginOptions {
  auth: AuthService;
  loginRatePerMinute: number;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const tags = ['auth'];

  app.post(
    '/auth/login',
    {
      config: {
        access: 'public',
        ipLimit: { name: 'login', max: opts.loginRatePerMinute, windowMs: 60_000 },
      },
      schema: {
        summary: 'Sign in',
        description:
          'Sets the `sk_session` cookie and returns the CSRF token for later mutating requests. Wrong ' +
          'credentials are a 401; repeated failures lock the account for a while (423).',
        tags,
        errorCodes: ['UNAUTHENTICATED', 'ACCOUNT_LOCKED'],
        body: loginBodySchema,
        response: { 200: loginResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await opts.auth.login(request.body.email, request.body.password, clientInfo(request));
      setSessionCookie(reply, result.sessionToken, opts);
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'authenticated', allowsPendingPasswordChange: true },
      schema: { summary: 'Sign out', tags, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await opts.auth.logout(request.auth!.sessionId);
      clearSessionCookie(reply, opts);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated', allowsPendingPasswordChange: true },
      schema: { summary: 'Get the signed-in user', tags, response: { 200: meResponseSchema } },
    },
    async (request) => ({ user: request.auth!.user }),
  );

  app.get(
    '/auth/csrf',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Get a CSRF token',
        description:
          "The session's token when signed in; otherwise a token that is also set as the `sk_csrf` cookie " +
          '(double submit), needed to sign in.',
        tags,
        response: { 200: csrfResponseSchema },
      },
    },
    async (request, reply) => ({ csrfToken: csrfTokenFor(request, reply, opts) }),
  );
};
