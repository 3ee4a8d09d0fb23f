import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { composeRuntime, openMigratedDatabase, type Runtime } from '../server/src/compose';
import { composeApp } from '../server/src/compose-app';
import { loadConfig } from '../server/src/config';
import type { Database } from '../server/src/db/client';

export interface BenchServer {
  base: string;
  database: Database;
  runtime: Runtime;
  close(): Promise<void>;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(text);
  await client.end();
}

/**
 * The real server on a random port with a fresh data dir: PGlite by default, or with DATABASE_URL a fresh database
 * on that PostgreSQL server, dropped again by close().
 */
export async function startBenchServer(
  name: string,
  workers: number,
  options: { postgresUrl?: string | undefined } = { postgresUrl: process.env.DATABASE_URL },
): Promise<BenchServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `skt-${name}-`));
  const adminUrl = options.postgresUrl;
  const benchDb = `skt_${name}_${process.pid}`;
  let databaseUrl: string | undefined;
  if (adminUrl) {
    await adminQuery(adminUrl, `create database ${benchDb}`);
    const url = new URL(adminUrl);
    url.pathname = `/${benchDb}`;
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    SKRIPTOTEKET_DATA_DIR: dataDir,
    SKRIPTOTEKET_WORKERS: String(workers),
    SKRIPTOTEKET_LOG_LEVEL: 'silent',
  });
  const database = await openMigratedDatabase(config);
  const runtime = composeRuntime(config, database);
  const app = await composeApp(config, database, runtime);
  await runtime.start();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    database,
    runtime,
    close: async () => {
      await app.close();
      await runtime.stop();
      await database.close();
      if (adminUrl) await adminQuery(adminUrl, `drop database if exists ${benchDb} with (force)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP like the SPA does; returns the session cookie and its CSRF token. */
export async function signIn(
  base: string,
  email: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const cookiesOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  const csrf = await fetch(`${base}/api/v1/auth/csrf`);
  const { csrfToken: anonymous } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': anonymous, cookie: cookiesOf(csrf) },
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie: cookiesOf(login), csrfToken };
}
