import { describe, expect, it } from 'vitest';
import { apiError, createFakeServer, json } from '../test/fake-server';
import { ApiError, createApiClient } from './client';

function setup(routes: Parameters<typeof createFakeServer>[0] = {}) {
  let issued = 0;
  const server = createFakeServer({
    'GET /auth/csrf': () => json(200, { csrfToken: `t${++issued}` }),
    ...routes,
  });
  const client = createApiClient({ fetch: server.fetch });
  return { server, client };
}

describe('api client', () => {
  it('sends GET without a CSRF token and returns parsed JSON', async () => {
    const { server, client } = setup({ 'GET /things': () => json(200, { items: [1, 2] }) });

    await expect(client.get('/things')).resolves.toEqual({ items: [1, 2] });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['x-csrf-token']).toBeUndefined();
  });

  it('fetches a CSRF token once and sends it on every mutating request', async () => {
    const { server, client } = setup({
      'POST /things': () => json(201, { id: 'a' }),
      'DELETE /things/a': () => new Response(null, { status: 204 }),
    });

    await client.post('/things', { title: 'x' });
    await expect(client.delete('/things/a')).resolves.toBeUndefined();

    const paths = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(['GET /auth/csrf', 'POST /things', 'DELETE /things/a']);
    expect(server.requests[1]?.headers['x-csrf-token']).toBe('t1');
    expect(server.requests[1]?.headers['content-type']).toBe('application/json');
    expect(server.requests[1]?.body).toEqual({ title: 'x' });
    expect(server.requests[2]?.headers['x-csrf-token']).toBe('t1');
  });

  it('sends the language of the interface as Accept-Language once one is set', async () => {
    const { server, client } = setup({ 'GET /things': () => json(200, {}) });

    await client.get('/things');
    client.setLanguage('en');
    await client.get('/things');

    expect(server.requests.map((r) => r.headers['accept-language'])).toEqual([undefined, 'en']);
  });

  it('uses a token set from outside (e.g. the login response) without fetching one', async () => {
    const { server, client } = setup({ 'PUT /things/a': () => json(200, {}) });
    client.setCsrfToken('from-login');

    await client.put('/things/a', {});

    expect(server.requests.map((r) => r.path)).toEqual(['/things/a']);
    expect(server.requests[0]?.headers['x-csrf-token']).toBe('from-login');
  });

  it('parses the error envelope into an ApiError', async () => {
    const { client } = setup({
      'GET /tools/x': () => apiError(404, 'NOT_FOUND', 'Tool not found', { slug: 'x' }),
    });

    const error = await client.get('/tools/x').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Tool not found',
      details: { slug: 'x' },
      requestId: 'req-test',
      status: 404,
    });
  });

  it('exposes retryAfterSeconds of a rate-limit error', async () => {
    const { client } = setup({
      'POST /auth/login': () => apiError(429, 'RATE_LIMITED', 'Slow down', { retryAfterSeconds: 90 }),
    });

    const error = (await client.post('/auth/login', {}).catch((e: unknown) => e)) as ApiError;

    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryAfterSeconds).toBe(90);
  });

  it('classifies a non-envelope error response by its status', async () => {
    const { client } = setup({ 'GET /x': () => new Response('<h1>Bad gateway</h1>', { status: 502 }) });

    await expect(client.get('/x')).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 502 });
  });

  it('turns a failed fetch into a NETWORK ApiError', async () => {
    const client = createApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });

    await expect(client.get('/auth/me')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });

  it('refetches the CSRF token and retries once when the server rejects it', async () => {
    let attempts = 0;
    const { server, client } = setup({
      'POST /things': (req) => {
        attempts++;
        return req.headers['x-csrf-token'] === 't2'
          ? json(201, { ok: true })
          : apiError(403, 'FORBIDDEN', 'Bad token', { reason: 'CSRF' });
      },
    });

    await expect(client.post('/things', {})).resolves.toEqual({ ok: true });

    expect(attempts).toBe(2);
    expect(server.requests.map((r) => r.path)).toEqual(['/auth/csrf', '/things', '/auth/csrf', '/things']);
    expect(client.csrfToken.value).toBe('t2');
  });

  it('gives up after one CSRF retry', async () => {
    const { server, client } = setup({
      'POST /things': () => apiError(403, 'FORBIDDEN', 'Bad token', { reason: 'CSRF' }),
    });

    await expect(client.post('/things', {})).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(server.requests.filter((r) => r.path === '/things')).toHaveLength(2);
  });

  it('does not retry a 403 that is not about CSRF', async () => {
    const { server, client } = setup({
      'POST /things': () => apiError(403, 'FORBIDDEN', 'Not allowed', { reason: 'ROLE' }),
    });

    await expect(client.post('/things', {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(server.requests.filter((r) => r.path === '/things')).toHaveLength(1);
  });

  it('reads integers beyond 2^53 exactly as bigint, and sends them back as the same digits', async () => {
    const big = '115792089237316195423570985008687907853269984665640564039457584007913129639937';
    const { server } = setup({
      'GET /runs/r': () =>
        new Response(`{"n":${big},"safe":9007199254740991,"x":1.5,"id":"1234567890123456"}`),
      'POST /runs/r/actions': () => json(202, {}),
    });
    const sent: unknown[] = [];
    const client = createApiClient({
      fetch: (input, init) => {
        sent.push(init?.body);
        return server.fetch(input, init);
      },
    });

    const run = await client.get<{ n: bigint }>('/runs/r');
    expect(run).toEqual({ n: BigInt(big), safe: 9007199254740991, x: 1.5, id: '1234567890123456' });
    await client.post('/runs/r/actions', { input: { n: run.n } });
    expect(sent.at(-1)).toBe(`{"input":{"n":${big}}}`);
  });

  it('validates the response with a schema when given one', async () => {
    const { client } = setup({ 'GET /count': () => json(200, { n: 'many' }) });
    const schema = {
      parse(value: unknown): { n: number } {
        const n = (value as { n?: unknown }).n;
        if (typeof n !== 'number') throw new TypeError('n must be a number');
        return { n };
      },
    };

    await expect(client.get('/count', { schema })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
