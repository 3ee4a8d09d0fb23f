import { STATUS_CODES } from 'node:http';
import swagger, { type SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { errorEnvelopeSchema, roles, sessionFilesModes, type ErrorCode } from '@skriptoteket/contracts';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { statusByCode } from './error-handler';
import { registerPublicScope } from './public-scope';

/*
 * How a route documents itself (the document is built from these, nothing is written by hand):
 *
 * - `schema.summary`: required, a short English phrase ("Save a new version"); `schema.description` when the
 *   summary leaves out something a client must know (a side effect, who may do it beyond the role, limits).
 * - `schema.tags`: the feature, one per routes file (`auth`, `catalog`, `authoring`, `runs`).
 * - `schema.response`: a zod schema for every success status the route sends (202 is not 200).
 * - Error responses are added here, never per route: 500 always; 401 unless public; 403 when a role is required
 *   or the method mutates (CSRF); 404 when the path has parameters; 422 and 413 when there is a body (422 also
 *   for a querystring); 429 when the route has `config.rateLimit`. A code the service can throw beyond those
 *   goes in `schema.errorCodes` (e.g. `['CONFLICT']`), by error code, not status.
 * - Security (session cookie, and `X-CSRF-Token` on mutating methods) comes from `config.access`.
 * - A body Fastify does not parse itself (multipart, read with `request.parts()`) must not be `schema.body`,
 *   which Fastify would validate: spread `multipartBody(form)` into the schema instead, with `form` a zod
 *   object of the form's fields (`z.file()` for a file, `z.array(z.file())` for a repeated file field).
 *   `runSubmissionBody` is that for `POST /tools/{slug}/runs`.
 * - Operational endpoints (health, metrics) use `schema.hide: true` and are left out.
 */

declare module 'fastify' {
  interface FastifySchema {
    /** Error codes the route's service can answer beyond the ones derived from its access rule and shape. */
    errorCodes?: readonly ErrorCode[];
    /** Documentation only, never validated: a request body Fastify does not parse (see multipartBody). */
    documentedBody?: z.ZodType;
  }
}

/** Documents a multipart form body without making Fastify validate it (the handler reads the parts itself). */
export function multipartBody(form: z.ZodObject): Pick<FastifySchema, 'consumes' | 'documentedBody'> {
  return { consumes: ['multipart/form-data'], documentedBody: form };
}

/** The form of `POST /api/v1/tools/{slug}/runs` (docs/TOOL-CONTRACT.md §4). */
export const runSubmissionForm = z.object({
  inputs: z
    .string()
    .optional()
    .describe(
      "JSON text of an object with the form values, keyed by the names in the version's input_schema. " +
        'Absent or blank means {}. Normalized by the server; a bad value is a 422 naming the field.',
    ),
  files: z
    .array(z.file())
    .optional()
    .describe(
      'The uploaded files, one part per file under this same field name. Names are reduced to a bare name; ' +
        "limits and the file field's accept list are checked by the server.",
    ),
  sessionFilesMode: z
    .enum(sessionFilesModes)
    .optional()
    .describe(
      'What a run without uploads does with the files kept from the previous first run: none (default: ' +
        'keep, not passed), reuse (pass them to the tool) or clear (delete them).',
    ),
  rerunOf: z
    .uuid()
    .optional()
    .describe(
      "Id of an earlier run of mine of the same tool: that run's input files are passed too, ahead of any " +
        'new uploads (422 when retention removed them, 404 for a run that is not mine).',
    ),
});

export const runSubmissionBody = multipartBody(runSubmissionForm);

/** @fastify/swagger's key for a response description that is not also a schema description. */
const RESPONSE_DESCRIPTION = 'x-response-description';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ENVELOPE_REF = '#/components/schemas/ErrorEnvelope';

const meaningOf: Record<ErrorCode, string> = {
  BAD_REQUEST:
    'BAD_REQUEST: the body could not be read (malformed JSON, JSON nested deeper than 64 levels, a ' +
    'multipart body without a boundary or cut off mid-upload).',
  VALIDATION_ERROR:
    'VALIDATION_ERROR: the request does not match its schema or a rule of the service; ' +
    '`details.issues` lists `{path, message}` per field.',
  UNAUTHENTICATED: 'UNAUTHENTICATED: no valid session (never signed in, signed out or expired).',
  FORBIDDEN:
    'FORBIDDEN: not allowed for this user (role too low, or not a maintainer of the tool), or the ' +
    '`X-CSRF-Token` header is missing or wrong on a mutating request (`details.reason` is `CSRF`).',
  NOT_FOUND:
    'NOT_FOUND: nothing by that id or slug is visible to the caller (a malformed id in the path too).',
  CONFLICT: 'CONFLICT: the current state does not allow this; `details` say why.',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE: the body or an upload is over its size limit.',
  ACCOUNT_LOCKED:
    'ACCOUNT_LOCKED: too many failed sign-ins; locked for `details.retryAfterSeconds` (also `Retry-After`).',
  PASSWORD_CHANGE_REQUIRED:
    'PASSWORD_CHANGE_REQUIRED: the account has a generated password; change it (`POST /me/password`) first.',
  EMAIL_NOT_VERIFIED: 'EMAIL_NOT_VERIFIED: the password is right, but the address is not confirmed yet.',
  LINK_INVALID: 'LINK_INVALID: the mailed link was already used or never existed.',
  LINK_EXPIRED: 'LINK_EXPIRED: the mailed link is too old; ask for a new one.',
  RATE_LIMITED:
    'RATE_LIMITED: too many requests from this address; retry after `details.retryAfterSeconds` ' +
    '(also `Retry-After`).',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED: a static file did not match `If-Match`.',
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE: a static file has no such `Range`.',
  UNAVAILABLE: 'UNAVAILABLE: a dependency is down; try again later.',
  INTERNAL: 'INTERNAL: an unexpected error; the message is generic, `requestId` finds the log lines.',
};

/**
 * The error envelope as an OpenAPI 3.0 component. Typed `never` only because zod's JSON Schema type and the
 * OpenAPI types of @fastify/swagger (a union over 3.0–3.2) disagree on how `type` is typed.
 */
const errorEnvelopeComponent = z.toJSONSchema(errorEnvelopeSchema, {
  target: 'openapi-3.0',
  io: 'output',
}) as never;

const retryAfterHeader = {
  'retry-after': { type: 'integer', description: 'Seconds to wait before trying again.' },
};

function derivedErrorCodes(route: RouteOptions, schema: FastifySchema, isMutating: boolean): ErrorCode[] {
  const access = route.config?.access;
  const codes: ErrorCode[] = ['INTERNAL'];
  if (access === undefined) return codes; // an undeclared route answers 500 and never runs
  if (access !== 'public') codes.push('UNAUTHENTICATED');
  if (access !== 'public' && !route.config?.allowsPendingPasswordChange)
    codes.push('PASSWORD_CHANGE_REQUIRED');
  if ((access !== 'public' && access !== 'authenticated') || isMutating) codes.push('FORBIDDEN');
  if (/[:*]/.test(route.url)) codes.push('NOT_FOUND');
  const hasBody = schema.body !== undefined || schema.documentedBody !== undefined;
  if (hasBody || schema.querystring !== undefined) codes.push('VALIDATION_ERROR');
  if (hasBody) codes.push('BAD_REQUEST', 'PAYLOAD_TOO_LARGE');
  if (route.config?.rateLimit || route.config?.ipLimit) codes.push('RATE_LIMITED');
  return codes;
}

/** Error responses by status, each the error envelope, described by the codes that map to that status. */
function errorResponses(codes: Iterable<ErrorCode>): Record<string, object> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const status = statusByCode[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, object> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    const hasRetryAfter = list.some((code) => code === 'RATE_LIMITED' || code === 'ACCOUNT_LOCKED');
    responses[String(status)] = {
      description: list.map((code) => meaningOf[code]).join(' '),
      $ref: ENVELOPE_REF,
      ...(hasRetryAfter ? { headers: retryAfterHeader } : {}),
    };
  }
  return responses;
}

function securityFor(access: string | undefined, isMutating: boolean): Record<string, string[]>[] {
  if (access === undefined) return [];
  if (access === 'public') {
    // Anonymous callers double-submit the sk_csrf cookie; a signed-in caller sends the session's token.
    return isMutating
      ? [
          { csrfCookie: [], csrf: [] },
          { session: [], csrf: [] },
        ]
      : [];
  }
  return [isMutating ? { session: [], csrf: [] } : { session: [] }];
}

/** jsonSchemaTransform (zod → JSON Schema) plus what every operation has: errors, security, summary. */
const transformRoute: SwaggerTransform = (document) => {
  const { route } = document;
  const methods = [route.method].flat();
  const schema: FastifySchema = document.schema ?? {};
  if (schema.hide) return jsonSchemaTransform(document);
  const { errorCodes = [], documentedBody, ...rest } = schema;
  const converted = jsonSchemaTransform({
    ...document,
    schema: documentedBody ? { ...rest, body: documentedBody } : rest,
  });
  const isMutating = methods.some((method) => MUTATING.has(method));
  const access = route.config?.access;
  const out = { ...converted.schema } as FastifySchema & { response?: Record<string, object> };
  // Without a response schema, swagger would document a bare 200; the error responses must not replace it.
  const success = out.response ?? { 200: {} };
  for (const [status, response] of Object.entries(success)) {
    // swagger-ui shows "Default Response" unless told otherwise; the status text says more.
    if (!('description' in response))
      Object.assign(response, { [RESPONSE_DESCRIPTION]: STATUS_CODES[status] });
  }
  out.response = {
    ...success,
    ...errorResponses([...derivedErrorCodes(route, schema, isMutating), ...errorCodes]),
  };
  out.security = securityFor(access, isMutating);
  if (access && access !== 'public' && access !== 'authenticated') {
    const note = `Requires the ${access} role${access === roles.at(-1) ? '' : ' or higher'}.`;
    out.description = out.description ? `${out.description}\n\n${note}` : note;
  }
  return { schema: out, url: converted.url };
};

/** OpenAPI generated from the route schemas; the document at /api/docs/json, the browser UI at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Skriptoteket API',
        version: '1',
        description:
          'Signed-in calls carry the `sk_session` cookie from `POST /api/v1/auth/login`. Every POST, PUT, ' +
          'PATCH and DELETE also needs the `X-CSRF-Token` header (from login or `GET /api/v1/auth/csrf`). ' +
          'Every error is the `ErrorEnvelope`. Its message and `details.issues[].message` are in the ' +
          "signed-in user's language (`PATCH /api/v1/me/profile`), for anonymous calls the best match of " +
          '`Accept-Language` among `sv` and `en` (default `sv`).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sk_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          csrfCookie: { type: 'apiKey', in: 'cookie', name: 'sk_csrf' },
        },
        schemas: { ErrorEnvelope: errorEnvelopeComponent },
      },
    },
    transform: transformRoute,
  });
  await registerPublicScope(app, async (scope) => {
    await scope.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  });
}
