import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registerOpenApi, runSubmissionBody } from './openapi';

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { description: string; headers?: object; content?: Record<string, unknown> }>;
}

const received = z.object({ fields: z.record(z.string(), z.string()), files: z.array(z.string()) });

/** The shapes the transform derives from: a multipart route, a public read, an admin write, a hidden one. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tools/:slug/runs',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: 'Start a run',
        params: z.object({ slug: z.string() }),
        ...runSubmissionBody,
        response: { 202: received },
      },
    },
    async (request, reply) => {
      const fields: Record<string, string> = {};
      const files: string[] = [];
      for await (const part of request.parts()) {
        if (part.type === 'field') fields[part.fieldname] = String(part.value);
        else {
          await part.toBuffer();
          files.push(`${part.fieldname}:${part.filename}`);
        }
      }
      return reply.status(202).send({ fields, files });
    },
  );
  app.get('/open', { config: { access: 'public' }, schema: { summary: 'Open' } }, async () => ({}));
  app.put(
    '/admin/things',
    {
      config: { access: 'admin', rateLimit: { max: 1, timeWindow: 1000 } },
      schema: { summary: 'Replace things', errorCodes: ['CONFLICT'], body: z.object({ n: z.number() }) },
    },
    async () => ({}),
  );
  app.get('/internal', { config: { access: 'public' }, schema: { hide: true } }, async () => ({}));
};

async function buildApp(): Promise<FastifyInstance> {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(multipart);
  await registerOpenApi(app);
  await app.register(routes, { prefix: '/api/v1' });
  await app.ready();
  return app;
}

function operation(app: FastifyInstance, path: string, method: string): Operation {
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
  return doc.paths[path]![method]!;
}

const envelope = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } };

describe('OpenAPI document', () => {
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
  });

  it('describes the multipart run form: JSON inputs text, repeated binary files, sessionFilesMode', async () => {
    app = await buildApp();
    const op = operation(app, '/api/v1/tools/{slug}/runs', 'post');
    expect(Object.keys(op.requestBody!.content)).toEqual(['multipart/form-data']);
    const form = op.requestBody!.content['multipart/form-data']!.schema;
    expect(form).toMatchObject({
      type: 'object',
      properties: {
        inputs: { type: 'string' },
        files: { type: 'array', items: { type: 'string', format: 'binary' } },
        sessionFilesMode: { type: 'string', enum: ['none', 'reuse', 'clear'] },
      },
    });
    expect(form['required']).toBeUndefined();
    expect(Object.keys(op.responses)).toEqual(['202', '400', '401', '403', '404', '413', '422', '500']);
    expect(op.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('leaves the multipart body to the handler: a documented form is never validated as a body', async () => {
    app = await buildApp();
    const boundary = 'skt-boundary';
    const payload = [
      `--${boundary}\r\nContent-Disposition: form-data; name="inputs"\r\n\r\n{"titel":"Å"}\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.csv"\r\n\r\nx;y\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="b.txt"\r\n\r\nz\r\n`,
      `--${boundary}--\r\n`,
    ].join('');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/tools/demo/runs',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      fields: { inputs: '{"titel":"Å"}' },
      files: ['files:a.csv', 'files:b.txt'],
    });
  });

  it('derives error responses and security from the access rule, the shape and errorCodes', async () => {
    app = await buildApp();
    const open = operation(app, '/api/v1/open', 'get');
    expect(Object.keys(open.responses)).toEqual(['200', '500']);
    expect(open.security).toEqual([]);

    const admin = operation(app, '/api/v1/admin/things', 'put');
    expect(Object.keys(admin.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '409',
      '413',
      '422',
      '429',
      '500',
    ]);
    expect(admin.responses['400']!.description).toMatch(/^BAD_REQUEST/);
    for (const status of ['400', '401', '403', '409', '413', '422', '429', '500'])
      expect(admin.responses[status]!.content).toEqual(envelope);
    expect(admin.responses['409']!.description).toMatch(/^CONFLICT/);
    expect(admin.responses['429']!.headers).toHaveProperty('retry-after');
    expect(admin.responses['200']!.description).toBe('OK');
    expect(admin.security).toEqual([{ session: [], csrf: [] }]);

    const doc = app.swagger() as unknown as { paths: Record<string, unknown> };
    expect(doc.paths).not.toHaveProperty('/api/v1/internal');
  });
});
