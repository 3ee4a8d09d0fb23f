import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { publishTool, py, runTool } from '../../test/runs-fixtures';

const PAGE = [
  '<html><head><meta http-equiv="refresh" content="0;url=https://phish.example/">',
  '<base href="https://phish.example/"><style>p { color: rebeccapurple }</style></head>',
  '<body><p style="font-weight:bold">Närvaro åk 9</p>',
  '<script>parent.document.title = "hacked"</script><img src=x onerror="alert(1)"></body></html>',
].join('');

describe('GET /runs/{runId}/outputs/{index}/html', () => {
  let ctx: TestContext;
  let anna: TestClient;
  let runId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ workers: 1 });
    anna = await ctx.signedIn('user');
    const slug = await publishTool(ctx, {
      source: py([
        'def run_tool(i, o):',
        '    return {"outputs": [',
        '        {"kind": "markdown", "markdown": "# Rubrik"},',
        `        {"kind": "html_sandboxed", "html": ${JSON.stringify(PAGE)}},`,
        '    ]}',
      ]),
    });
    const run = await runTool(anna, slug);
    expect(run.status).toBe('succeeded');
    runId = run.id;
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('serves the stored HTML with a CSP that blocks scripts, network and same-origin, framable by the app only', async () => {
    const response = await anna.get(`/api/v1/runs/${runId}/outputs/1/html`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'",
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('private, no-store');
    expect(response.headers).not.toHaveProperty('x-frame-options');
    expect(response.body).toBe(
      '<html><head><style>p { color: rebeccapurple }</style></head>' +
        '<body><p style="font-weight:bold">Närvaro åk 9</p>' +
        '<script>parent.document.title = "hacked"</script><img src=x onerror="alert(1)"></body></html>',
    );
  });

  it('answers 404 for another user, an output that is not HTML, an index past the end and a bad index', async () => {
    const bertil = await ctx.signedIn('user');
    for (const [client, index] of [
      [bertil, '1'],
      [anna, '0'],
      [anna, '2'],
      [anna, '-1'],
      [anna, 'x'],
    ] as const) {
      const response = await client.get(`/api/v1/runs/${runId}/outputs/${index}/html`);
      expect(response.statusCode, `${index}`).toBe(404);
      expect(response.body).not.toContain('Närvaro');
    }
    const unknownRun = await anna.get('/api/v1/runs/00000000-0000-4000-8000-000000000009/outputs/1/html');
    expect(unknownRun.statusCode).toBe(404);
  });

  it('answers 401 to a caller who is not signed in', async () => {
    const response = await ctx.client().get(`/api/v1/runs/${runId}/outputs/1/html`);
    expect(response.statusCode).toBe(401);
    expect(response.body).not.toContain('Närvaro');
  });
});
