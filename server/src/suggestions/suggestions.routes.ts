import {
  createSuggestionBodySchema,
  mySuggestionListQuerySchema,
  suggestionDecisionBodySchema,
  suggestionListQuerySchema,
  suggestionListSchema,
  suggestionSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { SuggestionsService } from './suggestions.service';

const params = z.object({ suggestionId: z.uuid() });
const tags = ['suggestions'];

export const suggestionsRoutes: FastifyPluginAsyncZod<{ suggestions: SuggestionsService }> = async (
  app,
  { suggestions },
) => {
  const contributor = { access: 'contributor' as const };
  const admin = { access: 'admin' as const };

  app.post(
    '/suggestions',
    {
      config: contributor,
      schema: {
        summary: 'Suggest a tool',
        tags,
        body: createSuggestionBodySchema,
        response: { 201: suggestionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await suggestions.submit(actorOf(req), req.body)),
  );
  app.get(
    '/me/suggestions',
    {
      config: contributor,
      schema: {
        summary: 'List my suggestions and their outcomes',
        description: '`isOutcomeNew` marks decisions not yet seen; `POST /me/suggestions/seen` clears it.',
        tags,
        querystring: mySuggestionListQuerySchema,
        response: { 200: suggestionListSchema },
      },
    },
    (req) => suggestions.listMine(actorOf(req), req.query),
  );
  app.post(
    '/me/suggestions/seen',
    {
      config: contributor,
      schema: {
        summary: 'Mark the decisions on my suggestions as seen',
        tags,
        response: { 200: z.object({ marked: z.number().int() }) },
      },
    },
    (req) => suggestions.markOutcomesSeen(actorOf(req)),
  );
  app.get(
    '/admin/suggestions',
    {
      config: admin,
      schema: {
        summary: 'List suggestions',
        description: 'Newest first, optionally only one status.',
        tags,
        querystring: suggestionListQuerySchema,
        response: { 200: suggestionListSchema },
      },
    },
    (req) => suggestions.listAll(actorOf(req), req.query),
  );
  app.get(
    '/admin/suggestions/:suggestionId',
    {
      config: admin,
      schema: { summary: 'Get a suggestion', tags, params, response: { 200: suggestionSchema } },
    },
    (req) => suggestions.get(actorOf(req), req.params.suggestionId),
  );
  app.post(
    '/admin/suggestions/:suggestionId/decision',
    {
      config: admin,
      schema: {
        summary: 'Accept or decline a suggestion',
        description:
          'Accepting creates a draft tool owned and maintained by the suggester, with the taxonomy given. ' +
          'The suggester is told by e-mail and in the app. A suggestion is decided once (409 after).',
        tags,
        errorCodes: ['CONFLICT'],
        params,
        body: suggestionDecisionBodySchema,
        response: { 200: suggestionSchema },
      },
    },
    (req) => suggestions.decide(actorOf(req), req.params.suggestionId, req.body),
  );
};
