import type { FastifyInstance } from 'fastify';

/**
 * Registers third-party routes (static files, API docs) in a child scope where every route is public.
 * Our own routes declare `config.access` one by one; these plugins cannot.
 */
export async function registerPublicScope(
  app: FastifyInstance,
  register: (scope: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public', skipSession: true };
    });
    await register(scope);
  });
}
