import type { ErrorCode, FieldIssue } from '@skriptoteket/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../shared/app-error';

export const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

const INTERNAL_MESSAGE = 'Något gick fel hos oss. Försök igen om en stund.';

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const status = statusByCode[error.code];
  const retryAfter = error.details?.['retryAfterSeconds'];
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  const body = {
    error: {
      code: error.code,
      message: status >= 500 ? INTERNAL_MESSAGE : error.message,
      ...(status < 500 && error.details ? { details: error.details } : {}),
    },
    requestId: request.id,
  };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** Translates anything thrown in a request into the one error envelope. */
export function toAppError(error: FastifyError | Error): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError) && fastifyError.validationContext === 'params') {
    // A malformed id in the path names nothing that exists.
    return new AppError('NOT_FOUND', 'Hittades inte.');
  }
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const issues: FieldIssue[] = fastifyError.validation.map((v) => ({
      path: [fastifyError.validationContext ?? 'body', ...String(v.instancePath).split('/').filter(Boolean)],
      message: v.message ?? 'Ogiltigt värde.',
    }));
    return new AppError('VALIDATION_ERROR', 'Några uppgifter behöver rättas.', { issues });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'Det du skickade är för stort.');
  if (status === 415 || status === 400) {
    return new AppError('VALIDATION_ERROR', 'Begäran kunde inte tolkas.', { issues: [] });
  }
  if (status === 404) return new AppError('NOT_FOUND', 'Hittades inte.');
  return new AppError('INTERNAL', error.message);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (statusByCode[appError.code] >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, appError.message);
    return sendError(reply, request, appError);
  });
}
