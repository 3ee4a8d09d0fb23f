import {
  MAX_TOOL_EXPORT_BYTES,
  runViewSchema,
  sampleFileListSchema,
  toolExportSchema,
  toolImportResultSchema,
} from '@skriptoteket/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../http/actor';
import { exactSerializerCompiler } from '../http/exact-serializer';
import { contentDisposition } from '../runs/content-disposition';
import type { SampleRunsService } from './sample-runs.service';
import { exportFileName } from './tool-transfer.model';
import type { ToolTransferService } from './tool-transfer.service';

const slugParams = z.object({ slug: z.string().max(100) });
const toolParams = z.object({ toolId: z.uuid() });
const signedIn = { access: 'authenticated' as const };
const admin = { access: 'admin' as const };

/** Sample runs on a tool's page, and export/import of whole tools for admins. */
export const bankRoutes: FastifyPluginAsyncZod<{
  sampleRuns: SampleRunsService;
  transfer: ToolTransferService;
}> = async (app, { sampleRuns, transfer }) => {
  app.setSerializerCompiler(exactSerializerCompiler);

  app.get(
    '/tools/:slug/samples',
    {
      config: signedIn,
      schema: {
        tags: ['runs'],
        summary: 'The sample files a published tool can be tried with',
        params: slugParams,
        response: { 200: sampleFileListSchema },
      },
    },
    async (req) => sampleRuns.listSamples(req.params.slug),
  );
  app.post(
    '/tools/:slug/sample-runs',
    {
      config: signedIn,
      schema: {
        tags: ['runs'],
        summary: 'Start a run of a published tool on its sample files',
        description: 'Like a run with the tool’s sample files uploaded; `inputs` are the form’s values.',
        params: slugParams,
        body: z.object({ inputs: z.record(z.string(), z.unknown()).default({}) }),
        response: { 202: runViewSchema },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await sampleRuns.startSampleRun(actorOf(req), req.params.slug, req.body.inputs)),
  );
  app.get(
    '/admin/tools/:toolId/export',
    {
      config: admin,
      schema: {
        tags: ['authoring'],
        summary: 'Download a tool with every version, its taxonomy and sample files as one JSON file',
        params: toolParams,
        response: { 200: toolExportSchema },
      },
    },
    async (req, reply) => {
      const doc = await transfer.exportTool(actorOf(req), req.params.toolId);
      return reply
        .header(
          'content-disposition',
          contentDisposition(exportFileName(doc.tool.slug, new Date(doc.exportedAt))),
        )
        .header('cache-control', 'private, no-store')
        .send(doc);
    },
  );
  app.post(
    '/admin/tools/import',
    {
      config: admin,
      bodyLimit: MAX_TOOL_EXPORT_BYTES,
      schema: {
        tags: ['authoring'],
        summary: 'Recreate a tool from an export file',
        description:
          'The tool is created unpublished with every version as exported; 422 names what is wrong with the file, or a clashing slug.',
        body: z.unknown(),
        response: { 201: toolImportResultSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await transfer.importTool(actorOf(req), req.body, { source: 'file' })),
  );
};
