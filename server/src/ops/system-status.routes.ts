import { systemStatusSchema } from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SystemStatusService } from './system-status.service';

export const systemStatusRoutes: FastifyPluginAsyncZod<{ systemStatus: SystemStatusService }> = async (
  app,
  { systemStatus },
) => {
  app.get(
    '/admin/system-status',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['ops'],
        summary: 'Whether tools can run here (the sandbox self-check), for the admin home page',
        response: { 200: systemStatusSchema },
      },
    },
    () => systemStatus.read(),
  );
};
