import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/api-harness';

describe('HTTP edge', () => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('answers an unknown API route with the 404 envelope and a request id', async () => {
    ctx = await createTestContext();
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/finns-inte' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: expect.any(String) },
      requestId: response.headers['x-request-id'],
    });
  });

  it('echoes a safe X-Request-Id and replaces an unsafe one', async () => {
    ctx = await createTestContext();
    const given = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const unsafe = await ctx.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n<script>' },
    });
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('hides the message of a 500 and keeps the request id', async () => {
    ctx = await createTestContext();
    ctx.app.get('/api/v1/test-boom', { config: { access: 'public' } }, async () => {
      throw new Error('connection string postgres://secret@db');
    });
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/test-boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(response.json()).toEqual({
      error: { code: 'INTERNAL', message: expect.any(String) },
      requestId: expect.any(String),
    });
  });

  it('refuses a route that forgot to declare its access rule', async () => {
    ctx = await createTestContext();
    ctx.app.get('/api/v1/test-undeclared', async () => ({ leaked: true }));
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/test-undeclared' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('leaked');
  });

  it('reports liveness, readiness (503 when the database is down) and Prometheus metrics', async () => {
    ctx = await createTestContext();
    await ctx.untilReady();
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await ctx.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({
      status: 'ok',
      checks: { database: 'ok', sandbox: 'ok' },
    });
    await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/auth\/me",status_code="401"\} 1/,
    );

    await ctx.database.close();
    const down = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'degraded', checks: { database: 'fail', sandbox: 'ok' } });
    ctx.database.close = async () => undefined;
  });

  it('guards /metrics with a bearer token when one is configured', async () => {
    ctx = await createTestContext({ env: { SKRIPTOTEKET_METRICS_TOKEN: 'hemlig-token-för-prometheus' } });
    expect((await ctx.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer fel' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await ctx.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer hemlig-token-för-prometheus' },
    });
    expect(right.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('reports the sandbox as failing (503) when the tool runtime is missing, and tells admins why', async () => {
    ctx = await createTestContext({ env: { SKRIPTOTEKET_PYTHON: '/nonexistent/python3' } });
    const response = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'degraded', checks: { database: 'ok', sandbox: 'fail' } });

    const admin = await ctx.signedIn('admin');
    const status = await admin.get('/api/v1/admin/system-status');
    expect(status.statusCode).toBe(200);
    expect(status.json()).toEqual({
      sandbox: { ok: false, message: expect.stringContaining('/nonexistent/python3 is missing') },
    });
  });

  it('tells admins the sandbox works when it does', async () => {
    ctx = await createTestContext();
    const admin = await ctx.signedIn('admin');
    expect((await admin.get('/api/v1/admin/system-status')).json()).toEqual({
      sandbox: { ok: true, message: null },
    });
  });

  it('checks only the database in a web process that runs no tools (SKRIPTOTEKET_WORKERS=0)', async () => {
    ctx = await createTestContext({
      env: { SKRIPTOTEKET_WORKERS: '0', SKRIPTOTEKET_PYTHON: '/nonexistent/python3' },
    });
    const response = await ctx.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    ctx = await createTestContext();
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/me']));
    expect(
      doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['email', 'password']);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(200);
  });

  it('serves the SPA with a strict CSP, history fallback and immutable assets', async () => {
    const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-web-'));
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>Skriptoteket</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    ctx = await createTestContext({ webDir });

    const deepLink = await ctx.app.inject({
      method: 'GET',
      url: '/tools/gruppgenerator',
      headers: { accept: 'text/html' },
    });
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toContain('<title>Skriptoteket</title>');
    const csp = String(deepLink.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(deepLink.headers['x-content-type-options']).toBe('nosniff');

    const asset = await ctx.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    const apiMiss = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { accept: 'text/html' },
    });
    expect(apiMiss.statusCode).toBe(404);
    expect(apiMiss.json().error.code).toBe('NOT_FOUND');
    fs.rmSync(webDir, { recursive: true, force: true });
  });
});
