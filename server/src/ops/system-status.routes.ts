import { systemStatusSchema } from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SystemStatusService } from './system-status.service';

export const systemStatusRoutes: FastifyPluginAsyncZod<{ systemStatus: SystemStatusService }> = async (
  app,
  { systemStatus },
) => {
  app.get(
    '/admin/system-status',
    { config: { access: 'admin' }, schema: { tags: ['ops'], response: { 200: systemStatusSchema } } },
    () => systemStatus.read(),
  );
};
