import { renderTexts, text, type ErrorCode, type TextIssue } from '@skriptoteket/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, NOT_FOUND } from '../shared/app-error';
import { validationText } from './validation-text';

export const statusByCode: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_ERROR: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  PRECONDITION_FAILED: 412,
  RANGE_NOT_SATISFIABLE: 416,
  ACCOUNT_LOCKED: 423,
  PASSWORD_CHANGE_REQUIRED: 403,
  EMAIL_NOT_VERIFIED: 403,
  LINK_INVALID: 400,
  LINK_EXPIRED: 410,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const INTERNAL_MESSAGE = text(
  'Något gick fel hos oss. Försök igen om en stund.',
  'Something went wrong on our side. Try again in a moment.',
);

/** The error envelope, its message and every text in its details in the request's language. */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const status = statusByCode[error.code];
  const retryAfter = error.details?.['retryAfterSeconds'];
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  const body = {
    error: {
      code: error.code,
      message: (status >= 500 ? INTERNAL_MESSAGE : error.text)[request.locale],
      ...(status < 500 && error.details ? { details: renderTexts(error.details, request.locale) } : {}),
    },
    requestId: request.id,
  };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** The value the request had at a path of its params, query or body (undefined: nothing was sent there). */
function sentValue(request: FastifyRequest, context: string, path: string[]): unknown {
  const root: unknown =
    context === 'querystring' ? request.query : context === 'headers' ? request.headers : request.body;
  return path.reduce<unknown>(
    (value, key) =>
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined,
    root,
  );
}

/** Translates anything thrown in a request into the one error envelope. */
export function toAppError(error: FastifyError | Error, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError) && fastifyError.validationContext === 'params') {
    // A malformed id in the path names nothing that exists.
    return new AppError('NOT_FOUND', NOT_FOUND);
  }
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const context = fastifyError.validationContext ?? 'body';
    const issues: TextIssue[] = fastifyError.validation.map((v) => {
      const path = String(v.instancePath).split('/').filter(Boolean);
      return {
        path: [context, ...path],
        message: validationText(v, sentValue(request, context, path) === undefined),
      };
    });
    return new AppError(
      'VALIDATION_ERROR',
      text('Några uppgifter behöver rättas.', 'Some details need to be corrected.'),
      { issues },
    );
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 400 && status < 500) return pluginClientError(status);
  // Never shown (5xx text is replaced); the original error is what gets logged.
  return new AppError('INTERNAL', INTERNAL_MESSAGE);
}

/**
 * A 4xx raised by Fastify or a plugin (body parser, multipart, static files) stays a 4xx: the caller sent
 * something wrong, and nothing about it is worth a stack trace.
 */
function pluginClientError(status: number): AppError {
  switch (status) {
    case 404:
      return new AppError('NOT_FOUND', NOT_FOUND);
    case 403:
      return new AppError('FORBIDDEN', text('Åtkomst nekad.', 'Access denied.'));
    case 413:
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        text('Det du skickade är för stort.', 'What you sent is too large.'),
      );
    case 415:
      return new AppError(
        'VALIDATION_ERROR',
        text('Begäran kunde inte tolkas.', 'The request could not be understood.'),
        { issues: [] },
      );
    case 412:
      return new AppError(
        'PRECONDITION_FAILED',
        text('Resursen har ändrats (If-Match stämmer inte).', 'The resource has changed (If-Match failed).'),
      );
    case 416:
      return new AppError(
        'RANGE_NOT_SATISFIABLE',
        text('Det begärda intervallet finns inte i filen.', 'The requested range is not in the file.'),
      );
    default:
      return new AppError(
        'BAD_REQUEST',
        text('Begäran kunde inte tolkas.', 'The request could not be understood.'),
      );
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error, request);
    if (statusByCode[appError.code] >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    return sendError(reply, request, appError);
  });
}
