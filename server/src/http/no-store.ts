import type { FastifyInstance } from 'fastify';

/**
 * API answers are about the caller (their runs, their CSRF token, their session): no cache, shared or private,
 * may keep them. A route that chose its own Cache-Control (artifacts, SSE) keeps it.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/v1/') && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
    return payload;
  });
}
