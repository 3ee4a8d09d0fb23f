import type { RunView } from '@skriptoteket/contracts';
import { expect } from 'vitest';
import { authoringRepos } from '../src/authoring/authoring.repo';
import type { Actor } from '../src/shared/actor';
import type { TestClient, TestContext } from './api-harness';

let toolCounter = 0;

export interface ToolDefinition {
  source: string;
  entrypoint?: string;
  inputSchema?: unknown[];
  settingsSchema?: unknown[];
  usageInstructions?: string;
}

/** Creates, reviews and publishes a tool through the real governance services; returns its slug. */
export async function publishTool(
  ctx: TestContext,
  definition: ToolDefinition,
  title = `Verktyg ${++toolCounter}`,
): Promise<string> {
  const { tools, versions, users } = ctx.services;
  const adminUser = await users.createUser({
    email: `publisher${toolCounter}@skola.se`,
    role: 'admin',
    password: 'publicera-verktyg-1',
  });
  const admin: Actor = { id: adminUser.id, role: 'admin' };
  const tool = await tools.createTool(admin, { title, summary: 'Ett testverktyg.' });
  await tools.updateTool(admin, tool.id, { professions: ['larare'], categories: ['ovrigt'] });
  await tools.acquireLock(admin, tool.id, false);
  const version = await versions.saveVersion(admin, tool.id, {
    baseVersionId: null,
    sourceCode: definition.source,
    entrypoint: definition.entrypoint ?? 'run_tool',
    inputSchema: definition.inputSchema ?? [],
    settingsSchema: definition.settingsSchema ?? [],
    usageInstructions: definition.usageInstructions ?? '',
  });
  if (version.compileError) await activateUnchecked(ctx, tool.id, version.id, admin.id);
  else {
    await versions.submitForReview(admin, version.id, '');
    await versions.publishVersion(admin, version.id, '');
  }
  await tools.setPublished(admin, tool.id, true);
  return tool.slug;
}

/**
 * Review refuses source that does not compile, but a tool published before that check existed can still be
 * active with it, and runs must fail it cleanly; such a version is made active the way old data left it.
 */
async function activateUnchecked(ctx: TestContext, toolId: string, versionId: string, adminId: string) {
  const repos = authoringRepos(ctx.database.db);
  await repos.versions.update(versionId, {
    state: 'active',
    publishedBy: adminId,
    publishedAt: ctx.clock.now(),
    compileError: null,
    compileCheckedAt: null,
  });
  await repos.tools.update(toolId, { activeVersionId: versionId });
}

export interface UploadFile {
  name: string;
  content: string | Buffer;
  type?: string;
}

/** A multipart body as a browser sends it: the `inputs` JSON field, repeated `files`, optional extra fields. */
export function multipart(inputs: unknown, files: UploadFile[] = [], fields: Record<string, string> = {}) {
  const boundary = `----skt${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  const push = (text: string) => chunks.push(Buffer.from(text));
  for (const [name, value] of Object.entries({ inputs: JSON.stringify(inputs), ...fields })) {
    push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  }
  for (const file of files) {
    push(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${file.name}"\r\n`);
    push(`Content-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`);
    chunks.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    push('\r\n');
  }
  push(`--${boundary}--\r\n`);
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function startRun(
  client: TestClient,
  slug: string,
  inputs: unknown = {},
  files: UploadFile[] = [],
  fields: Record<string, string> = {},
) {
  const body = multipart(inputs, files, fields);
  return client.request({
    method: 'POST',
    url: `/api/v1/tools/${slug}/runs`,
    payload: body.payload,
    headers: body.headers,
  });
}

const TERMINAL = ['succeeded', 'failed', 'timed_out', 'cancelled'];

/** Polls the run until it reaches a terminal status. */
export async function waitForRun(client: TestClient, runId: string, timeoutMs = 20_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await client.get(`/api/v1/runs/${runId}`);
    expect(response.statusCode, response.body).toBe(200);
    const run = response.json<RunView>();
    if (TERMINAL.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts a run and waits for its result. */
export async function runTool(
  client: TestClient,
  slug: string,
  inputs: unknown = {},
  files: UploadFile[] = [],
  fields: Record<string, string> = {},
) {
  const started = await startRun(client, slug, inputs, files, fields);
  expect(started.statusCode, started.body).toBe(202);
  return waitForRun(client, started.json<RunView>().id);
}

export const py = (lines: string[]) => `${lines.join('\n')}\n`;
