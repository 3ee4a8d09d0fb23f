import { diagnosticsBodySchema, diagnosticsResultSchema } from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import type { DiagnosticsService } from './diagnostics.service';

/** About two checks a second per person while typing (the editor waits ~500 ms after the last key). */
const CHECKS_PER_MINUTE = 120;

export const diagnosticsRoutes: FastifyPluginAsyncZod<{ diagnostics: DiagnosticsService }> = async (
  app,
  { diagnostics },
) => {
  app.post(
    '/admin/tools/:toolId/diagnostics',
    {
      config: {
        access: 'contributor',
        rateLimit: { max: CHECKS_PER_MINUTE, timeWindow: 60_000 },
      },
      schema: {
        summary: 'Check unsaved source for the editor',
        description:
          'Compiles (never runs) the source in the sandbox and answers its syntax errors, entrypoint problems, ' +
          'pyflakes findings (undefined names, unused imports) and warnings for network, other programs and ' +
          'writes outside the output folder. For maintainers of the tool and admins; saves nothing.',
        tags: ['authoring'],
        params: z.object({ toolId: z.uuid() }),
        body: diagnosticsBodySchema,
        response: { 200: diagnosticsResultSchema },
      },
    },
    async (req) => {
      const findings = await diagnostics.diagnose(actorOf(req), req.params.toolId, req.body);
      return { items: findings.map((finding) => ({ ...finding, message: finding.message[req.locale] })) };
    },
  );
};
