import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from './api-harness';

/**
 * Malformed variants of every route the server registers, as every kind of caller: nothing anyone sends may
 * answer 5xx. Routes come from the server itself (onRoute), so a new route is covered without touching this
 * file. The variants are the probes that once found 500s: NUL and lone surrogates, huge and deep JSON, wrong
 * types, broken multipart, bad cursors and path traversal.
 */
const roles = ['anonymous', 'user', 'contributor', 'admin', 'superuser'] as const;
const UUID = '00000000-0000-4000-8000-000000000009';

const paramValues = [UUID, 'a%00b', '%ED%A0%80', '..%2F..%2Fetc%2Fpasswd', 'x'.repeat(500), '-1'];
const wildcardValues = ['..', '../../../etc/passwd', '%2e%2e/%2e%2e/package.json', 'a%00b'];
const queries = [
  '',
  '?cursor=%00&limit=abc&q=%ED%A0%80&tool=%00',
  `?cursor=${Buffer.from(`+275760-01-01T00:00:00.000Z|${UUID}`).toString('base64url')}&limit=-5`,
  `?cursor=${Buffer.from('2026-01-01T00:00:00.000Z|nope').toString('base64url')}&favorites=kanske`,
  '?professions=%00,%ED%A0%80&categories=' + 'x,'.repeat(300),
];
const deep = '['.repeat(5000) + ']'.repeat(5000);
const boundary = '----fuzz';
const json = (payload: string): Partial<InjectOptions> => ({
  headers: { 'content-type': 'application/json' },
  payload,
});
const bodies: Partial<InjectOptions>[] = [
  json(
    JSON.stringify({
      title: 'a\u0000b',
      email: 'x\u0000@y.se',
      slug: 'a\u0000',
      label: '\ud800',
      note: '\udc00',
    }),
  ),
  json(
    JSON.stringify({
      sourceCode: '\u0000',
      inputs: '{"a":"\\u0000"}',
      locale: '\ud800',
      values: { 'k\u0000': 1 },
    }),
  ),
  json(deep),
  json(`{"a":${deep}}`),
  json(JSON.stringify({ title: 'x'.repeat(2_000_000) })),
  json('[1,2,3]'),
  json('null'),
  json('{"title":12,"order":"x","professions":"larare","force":"ja","expectedStateRev":-1}'),
  json('{"broken":'),
  { headers: { 'content-type': 'multipart/form-data' }, payload: 'no boundary' },
  {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a\u0000.txt"\r\n\r\nabc`,
  },
  { headers: { 'content-type': 'text/plain' }, payload: 'hello' },
];

function concreteUrls(url: string): string[] {
  if (url.endsWith('*')) return wildcardValues.map((value) => url.slice(0, -1) + value);
  if (!url.includes(':')) return [url];
  return paramValues.map((value) => url.replace(/:[A-Za-z]+/g, value));
}

describe('no input from anyone makes any route answer 5xx', () => {
  let ctx: TestContext;
  const clients = new Map<(typeof roles)[number], TestClient>();

  beforeAll(async () => {
    ctx = await createTestContext();
    clients.set('anonymous', ctx.client());
    for (const role of roles.slice(1)) clients.set(role, await ctx.signedIn(role as 'user'));
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('enumerates the routes from the server', () => {
    const urls = ctx.app.registeredRoutes.map((r) => `${r.method} ${r.url}`);
    expect(urls).toContain('POST /api/v1/tools/:slug/runs');
    expect(urls.length).toBeGreaterThan(40);
  });

  it.each(roles)(
    'as %s',
    async (role) => {
      const failures: string[] = [];
      // Signing out would end the caller's session half-way; it goes last.
      const routes = [...ctx.app.registeredRoutes].sort(
        (a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')),
      );
      const client = clients.get(role)!;
      for (const route of routes) {
        const isMutating = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
        const requests: (InjectOptions & { url: string })[] = [];
        for (const url of concreteUrls(route.url)) {
          for (const query of isMutating ? [''] : queries)
            requests.push({ method: route.method, url: url + query });
          if (isMutating) for (const body of bodies) requests.push({ method: route.method, ...body, url });
        }
        for (const request of requests) {
          const response = await client.request(request);
          if (response.statusCode >= 500)
            failures.push(
              `${String(request.method)} ${request.url} ${String(request.headers?.['content-type'] ?? '')} → ${response.statusCode} ${response.body.slice(0, 200)}`,
            );
        }
      }
      expect(failures).toEqual([]);
    },
    300_000,
  );
});
