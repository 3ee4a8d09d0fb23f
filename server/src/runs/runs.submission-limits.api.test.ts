import http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestClient, type TestContext } from '../../test/api-harness';
import { multipart, publishTool } from '../../test/runs-fixtures';

const MB = 1024 * 1024;

/**
 * A multipart body of `count` text fields of 1 MB each, made as it is read: the test holds one 1 MB buffer,
 * so whatever memory the process gains is the server's doing.
 */
function hugeForm(count: number, nameOf: (i: number) => string) {
  const boundary = '----sktflood';
  const value = Buffer.alloc(MB, 120);
  let sent = 0;
  async function* parts() {
    for (let i = 0; i < count; i++) {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${nameOf(i)}"\r\n\r\n`);
      yield value;
      sent += 1;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  const stream = Readable.from(parts(), { objectMode: false });
  return {
    payload: stream,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    fieldsSent: () => sent,
  };
}

describe('run submissions are limited before any work is done', () => {
  let ctx: TestContext;
  let teacher: TestClient;
  let slug: string;
  let noFilesSlug: string;
  let address: string;

  beforeAll(async () => {
    // No workers: submitted runs stay queued, which is what the per-user cap counts.
    ctx = await createTestContext({ env: { SKRIPTOTEKET_RUN_MAX_ACTIVE_PER_USER: '3' } });
    teacher = await ctx.signedIn('user');
    slug = await publishTool(ctx, {
      source: 'def run_tool(input_dir, output_dir):\n    return "ok"\n',
      inputSchema: [{ name: 'bilaga', kind: 'file', label: 'Bilaga', max: 1 }],
    });
    noFilesSlug = await publishTool(ctx, {
      source: 'def run_tool(input_dir, output_dir):\n    return "ok"\n',
      inputSchema: [{ name: 'namn', kind: 'string', label: 'Namn' }],
    });
    address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await ctx.close();
  });

  /** Sends the flood over a real socket as the teacher; resolves when the answer arrives. */
  async function flood(urlPath: string, nameOf: (i: number) => string, client: TestClient = teacher) {
    const form = hugeForm(1000, nameOf);
    const { hostname, port } = new URL(address);
    const before = process.memoryUsage();
    const started = performance.now();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(
        {
          hostname,
          port,
          path: urlPath,
          method: 'POST',
          headers: {
            ...form.headers,
            cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            'x-csrf-token': client.csrfToken!,
          },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, body });
            request.destroy();
          });
        },
      );
      request.on('error', (error) =>
        error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error),
      );
      form.payload.pipe(request);
    });
    const after = process.memoryUsage();
    const fieldsRead = form.fieldsSent();
    form.payload.destroy();
    return {
      ...answer,
      ms: performance.now() - started,
      growthMb: (after.rss - before.rss) / MB,
      heapGrowthMb: (after.heapUsed - before.heapUsed) / MB,
      fieldsRead,
    };
  }

  it('answers 1,000 × 1 MB fields quickly and with bounded memory: 404 for a missing tool, 422/413 for a real one', async () => {
    const missing = await flood('/api/v1/tools/finns-inte/runs', (i) => `f${i}`);
    const unknown = await flood(`/api/v1/tools/${slug}/runs`, (i) => `f${i}`);
    const repeated = await flood(`/api/v1/tools/${slug}/runs`, () => 'inputs');
    expect(missing.status).toBe(404);
    expect(unknown.status).toBe(422);
    expect(JSON.parse(unknown.body)).toMatchObject({ error: { details: { issues: [{ path: ['f0'] }] } } });
    expect(repeated.status).toBe(413);
    expect(JSON.parse(repeated.body)).toMatchObject({
      error: { details: { issues: [{ path: ['inputs'] }] } },
    });
    for (const attempt of [missing, unknown, repeated]) {
      // Refused at the first field (socket buffers take a few more), not after 1 GB.
      expect(attempt.fieldsRead).toBeLessThan(50);
      expect(attempt.ms).toBeLessThan(5_000);
      expect(attempt.growthMb).toBeLessThan(50);
      expect(attempt.heapGrowthMb).toBeLessThan(50);
    }
  });

  it('takes no file for a tool without a file field, and no more files than its field takes', async () => {
    const file = { name: 'a.txt', content: 'hej' };
    const none = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${noFilesSlug}/runs`,
      ...multipart({ namn: 'Ada' }, [file]),
    });
    expect(none.statusCode, none.body).toBe(422);
    expect(none.json<{ error: { message: string } }>().error.message).toContain('tar inte emot filer');
    const two = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${slug}/runs`,
      ...multipart({}, [file, { ...file, name: 'b.txt' }]),
    });
    expect(two.statusCode, two.body).toBe(422);
    expect(two.json<{ error: { message: string } }>().error.message).toContain('högst 1 filer');
  });

  it('refuses a JSON form with a field it does not have, or a value over its length', async () => {
    const extra = await teacher.post(`/api/v1/tools/${noFilesSlug}/runs`, { inputs: '{}', extra: 'x' });
    expect(extra.statusCode).toBe(422);
    const long = await teacher.post(`/api/v1/tools/${noFilesSlug}/runs`, { rerunOf: 'x'.repeat(100) });
    expect(long.statusCode).toBe(413);
  });

  it('refuses a run past the per-user cap of waiting runs with 429 saying how many wait; others still run', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await teacher.post(`/api/v1/tools/${noFilesSlug}/runs`, { inputs: '{"namn":"Ada"}' });
      expect(run.statusCode, run.body).toBe(202);
      ids.push(run.json<{ id: string }>().id);
    }
    const refused = await teacher.post(`/api/v1/tools/${noFilesSlug}/runs`, { inputs: '{"namn":"Ada"}' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { waiting: 3, limit: 3 } },
    });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain(
      'Du har redan 3 körningar som väntar eller pågår (högst 3)',
    );
    const english = await teacher.request({
      method: 'POST',
      url: `/api/v1/tools/${noFilesSlug}/runs`,
      payload: { inputs: '{}' },
      headers: { 'accept-language': 'en' },
    });
    expect(english.statusCode).toBe(429);

    const colleague = await ctx.signedIn('user');
    expect((await colleague.post(`/api/v1/tools/${noFilesSlug}/runs`, { inputs: '{}' })).statusCode).toBe(
      202,
    );
    await teacher.post(`/api/v1/runs/${ids[0]}/cancel`);
    expect((await teacher.post(`/api/v1/tools/${noFilesSlug}/runs`, { inputs: '{}' })).statusCode).toBe(202);
  });

  it('refuses a large upload past the per-user cap with 429 before reading it', async () => {
    const busy = await ctx.signedIn('user');
    for (let i = 0; i < 3; i++) {
      const run = await busy.post(`/api/v1/tools/${noFilesSlug}/runs`, { inputs: '{}' });
      expect(run.statusCode, run.body).toBe(202);
    }
    // 1 GB in parts of unknown length (chunked): the answer comes at the start, not after the last part.
    const upload = await flood(`/api/v1/tools/${slug}/runs`, (i) => (i === 0 ? 'inputs' : `x${i}`), busy);
    expect(upload.status, upload.body).toBe(429);
    expect(JSON.parse(upload.body)).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { waiting: 3, limit: 3 } },
    });
    expect(upload.fieldsRead).toBeLessThan(50);
    // A small multipart form is read first, then refused by the same limit before its run is queued.
    const small = await busy.request({
      method: 'POST',
      url: `/api/v1/tools/${noFilesSlug}/runs`,
      ...multipart({ namn: 'Ada' }),
    });
    expect(small.statusCode, small.body).toBe(429);
    expect(small.json()).toMatchObject({ error: { code: 'RATE_LIMITED', details: { waiting: 3 } } });
  });
});
