import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';

/**
 * The served OpenAPI document, enumerated: a route added without a summary, a tag or its error responses
 * fails here, and so does a documented operation whose real answers are not among its documented ones.
 */

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { format?: string; enum?: string[] };
}
interface Response {
  description?: unknown;
  content?: Record<string, { schema?: unknown }>;
}
interface Operation {
  summary?: unknown;
  tags?: unknown;
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, unknown> };
  security?: Record<string, string[]>[];
  responses?: Record<string, Response>;
}
interface Document {
  openapi: string;
  info: { title?: unknown; version?: unknown };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const MUTATING = ['post', 'put', 'patch', 'delete'];
const ENVELOPE = { $ref: '#/components/schemas/ErrorEnvelope' };

function operations(doc: Document): { key: string; path: string; method: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      key: `${method.toUpperCase()} ${path}`,
      path,
      method,
      op,
    })),
  );
}

/** Every `$ref` in the document, as [where, target]. */
function refs(value: unknown, where = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => refs(item, `${where}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [[where, inner]] : refs(inner, `${where}/${key}`),
  );
}

function resolvePointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  return pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}

/** What makes an OpenAPI 3 document structurally sound for clients and code generators. */
function structuralProblems(doc: Document): string[] {
  const problems: string[] = [];
  if (!/^3\.\d+\.\d+$/.test(doc.openapi)) problems.push(`openapi version ${doc.openapi}`);
  if (typeof doc.info?.title !== 'string' || typeof doc.info?.version !== 'string') problems.push('info');
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/') || /[:*]/.test(path)) problems.push(`${path}: not a templated path`);
    for (const [method, op] of Object.entries(item)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (!METHODS.includes(method)) {
        problems.push(`${key}: unknown method`);
        continue;
      }
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const params = op.parameters ?? [];
      const inPath = params.filter((p) => p.in === 'path');
      if (JSON.stringify(inPath.map((p) => p.name).sort()) !== JSON.stringify(templated))
        problems.push(`${key}: path parameters do not match the template`);
      if (inPath.some((p) => p.required !== true)) problems.push(`${key}: a path parameter is not required`);
      const seen = new Set(params.map((p) => `${p.in}:${p.name}`));
      if (seen.size !== params.length) problems.push(`${key}: duplicate parameters`);
      if (params.some((p) => !['path', 'query', 'header', 'cookie'].includes(p.in) || !p.schema))
        problems.push(`${key}: a parameter without a valid location or schema`);
      if (op.requestBody && Object.keys(op.requestBody.content ?? {}).length === 0)
        problems.push(`${key}: request body without content`);
      const responses = Object.entries(op.responses ?? {});
      if (responses.length === 0) problems.push(`${key}: no responses`);
      for (const [status, response] of responses) {
        if (!/^([1-5]\d\d|[1-5]XX|default)$/.test(status)) problems.push(`${key}: status ${status}`);
        if (typeof response.description !== 'string') problems.push(`${key} ${status}: no description`);
        for (const [type, media] of Object.entries(response.content ?? {}))
          if (!media.schema) problems.push(`${key} ${status} ${type}: no schema`);
      }
      for (const requirement of op.security ?? [])
        for (const name of Object.keys(requirement))
          if (!(name in doc.components.securitySchemes)) problems.push(`${key}: unknown security ${name}`);
      if (op.operationId && operationIds.has(op.operationId)) problems.push(`${key}: duplicate operationId`);
      if (op.operationId) operationIds.add(op.operationId);
    }
  }
  for (const [where, target] of refs(doc))
    if (resolvePointer(doc, target) === undefined)
      problems.push(`${where}: $ref ${target} resolves to nothing`);
  return problems;
}

/** A concrete URL for a templated path: a fresh UUID for uuid parameters, the first value of an enum. */
function concreteUrl(path: string, op: Operation): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const schema = op.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema;
    if (schema?.format === 'uuid') return randomUUID();
    return schema?.enum?.[0] ?? 'finns-inte';
  });
}

describe('OpenAPI document (every operation)', () => {
  let ctx: TestContext;
  let doc: Document;
  beforeAll(async () => {
    ctx = await createTestContext();
    doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json<Document>();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('is structurally valid OpenAPI 3 with the error envelope as a component', () => {
    expect(structuralProblems(doc)).toEqual([]);
    expect(doc.components.schemas['ErrorEnvelope']).toMatchObject({
      type: 'object',
      required: ['error', 'requestId'],
      properties: { error: { required: ['code', 'message'] } },
    });
  });

  it('documents every API route the server registers, each with a summary, a tag and its outcomes', () => {
    const documented = new Set(operations(doc).map(({ key }) => key));
    const apiRoutes = ctx.app.registeredRoutes
      .filter((route) => route.url.startsWith('/api/v1/'))
      .map((route) => `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(apiRoutes.length).toBeGreaterThan(40);
    expect(apiRoutes.filter((key) => !documented.has(key))).toEqual([]);

    const missing = operations(doc).flatMap(({ key, op }) => {
      const statuses = Object.keys(op.responses ?? {});
      return [
        ...(typeof op.summary === 'string' && op.summary.trim() ? [] : [`${key}: summary`]),
        ...(Array.isArray(op.tags) && op.tags.length > 0 ? [] : [`${key}: tag`]),
        ...(statuses.some((s) => /^2\d\d$/.test(s)) ? [] : [`${key}: success response`]),
        ...(statuses.includes('500') ? [] : [`${key}: 500`]),
        ...statuses
          .filter((s) => /^[45]\d\d$/.test(s))
          .filter(
            (s) =>
              JSON.stringify(op.responses![s]!.content) !==
              JSON.stringify({ 'application/json': { schema: ENVELOPE } }),
          )
          .map((s) => `${key}: ${s} is not the error envelope`),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('lists 401 for signed-in operations, 403 for role-gated and mutating ones, with matching security', () => {
    const accessOf = new Map(
      ctx.app.registeredRoutes.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r.access]),
    );
    const problems = operations(doc).flatMap(({ key, method, op }) => {
      const access = accessOf.get(key);
      const statuses = Object.keys(op.responses ?? {});
      const security = op.security ?? [];
      const isMutating = MUTATING.includes(method);
      const found: string[] = [];
      if (access === undefined) found.push(`${key}: no access rule`);
      if (access !== 'public' && !statuses.includes('401')) found.push(`${key}: 401`);
      if (access !== 'public' && !security.every((s) => 'session' in s)) found.push(`${key}: session`);
      if (access === 'public' && !isMutating && security.length > 0) found.push(`${key}: public but secured`);
      if ((isMutating || !['public', 'authenticated'].includes(access!)) && !statuses.includes('403'))
        found.push(`${key}: 403`);
      if (isMutating && !(security.length > 0 && security.every((s) => 'csrf' in s)))
        found.push(`${key}: csrf`);
      if (/\{/.test(key) && !statuses.includes('404')) found.push(`${key}: 404`);
      if (op.requestBody && !statuses.includes('422')) found.push(`${key}: 422`);
      return found;
    });
    expect(problems).toEqual([]);
  });

  it('lists the status an anonymous caller gets from each operation, and a signed-in user from each read', async () => {
    const user = await ctx.signedIn('user');
    const undocumented: string[] = [];
    const check = async (
      who: string,
      client: TestClient | null,
      { key, path, method, op }: ReturnType<typeof operations>[number],
    ) => {
      const url = concreteUrl(path, op);
      const upper = method.toUpperCase() as 'GET';
      const response = client
        ? await client.request({ method: upper, url })
        : await ctx.app.inject({ method: upper, url });
      if (!(String(response.statusCode) in (op.responses ?? {})))
        undocumented.push(`${who} ${key}: ${response.statusCode}`);
    };
    for (const entry of operations(doc)) await check('anonymous', null, entry);
    for (const entry of operations(doc).filter(({ method }) => method === 'get'))
      await check('user', user, entry);
    expect(undocumented).toEqual([]);
  });

  it('documents the service-specific errors of sign-in and the conflict of saving a version', () => {
    const login = doc.paths['/api/v1/auth/login']!['post']!.responses!;
    expect(Object.keys(login)).toEqual(expect.arrayContaining(['401', '403', '422', '423', '429']));
    const save = doc.paths['/api/v1/admin/tools/{toolId}/versions']!['post']!.responses!;
    expect(save['409']!.description).toMatch(/^CONFLICT/);
  });
});
