import type { Role, User } from '@skriptoteket/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../src/config';
import { composeRuntime, type Runtime, type RuntimeOptions, type Services } from '../src/compose';
import { composeApp } from '../src/compose-app';
import type { Database } from '../src/db/client';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ManualClock, systemClock } from '../src/shared/ports';
import { openTestDatabase, type Engine } from './db';

export const TEST_PASSWORD = 'korrekt-hast-batteri';

export interface TestContext {
  app: FastifyInstance;
  database: Database;
  services: Services;
  clock: ManualClock;
  config: Config;
  runtime: Runtime;
  /** A client with its own cookie jar that handles CSRF like the SPA does. */
  client(): TestClient;
  /** Creates a user of the role and returns a client signed in as them. */
  signedIn(role: Role, email?: string): Promise<TestClient & { user: User }>;
  /**
   * Waits until /readyz says 200. Its first sandbox check starts a sandbox, which can outlast a probe's 2 s on a
   * busy machine (that probe answers 503, as a real one would); the check's outcome is kept, so a later probe
   * answers with it. Throws with the last answer when the process is not ready within `timeoutMs`.
   */
  untilReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The app over a fresh database. With `workers`, the queue and that many in-process workers run too (real
 * sandbox), and the clock is the system clock, since leases and timeouts are real time.
 */
export async function createTestContext(
  options: {
    env?: Record<string, string>;
    engine?: Engine;
    webDir?: string;
    workers?: number;
    mail?: RuntimeOptions['mail'];
  } = {},
): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-api-'));
  const config = loadConfig({
    SKRIPTOTEKET_DATA_DIR: dataDir,
    SKRIPTOTEKET_LOG_LEVEL: 'silent',
    // One waiting sandbox per kind: the API tiers run through the pool, at a modest cost per test file.
    SKRIPTOTEKET_POOL_SIZE: '1',
    ...options.env,
  });
  const database = await openTestDatabase(options.engine);
  const clock = new ManualClock(new Date());
  const runtime = composeRuntime(config, database, {
    clock: options.workers ? systemClock : clock,
    ...(options.mail ? { mail: options.mail } : {}),
  });
  const services = runtime.services;
  const app = await composeApp({ ...config, webDir: options.webDir ?? '/nonexistent' }, database, runtime);
  if (options.workers) await runtime.start({ workers: options.workers, workerName: 'test' });
  let userCounter = 0;
  const context: TestContext = {
    app,
    database,
    services,
    clock,
    config,
    client: () => new TestClient(app),
    signedIn: async (role, email) => {
      const address = email ?? `${role}${++userCounter}@skola.example`;
      const user = await services.users.createUser({
        email: address,
        role,
        password: TEST_PASSWORD,
        name: `Test ${role}`,
      });
      const client = new TestClient(app);
      const response = await client.login(address, TEST_PASSWORD);
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      return Object.assign(client, { user });
    },
    runtime,
    untilReady: async (timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const response = await app.inject({ method: 'GET', url: '/readyz' });
        if (response.statusCode === 200) return;
        if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms: ${response.body}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    close: async () => {
      await app.close();
      if (options.workers) await runtime.stop();
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return context;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request(options: InjectOptions & { csrf?: string | false }): Promise<LightMyRequestResponse> {
    const method = (options.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
    const mutating = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (mutating && options.csrf !== false) {
      headers['x-csrf-token'] = options.csrf ?? (await this.ensureCsrf());
    }
    if (this.cookies.size > 0) {
      headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const response = await this.app.inject({
      ...options,
      method: method as InjectOptions['method'],
      headers,
    });
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string) {
    return this.request({ method: 'GET', url });
  }

  post(url: string, payload?: unknown, extra: { csrf?: string | false } = {}) {
    return this.request({
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...extra,
    });
  }

  async ensureCsrf(): Promise<string> {
    if (!this.csrfToken) {
      const response = await this.get('/api/v1/auth/csrf');
      this.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    }
    return this.csrfToken;
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    const response = await this.post('/api/v1/auth/login', { email, password });
    if (response.statusCode === 200) this.csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    return response;
  }
}
