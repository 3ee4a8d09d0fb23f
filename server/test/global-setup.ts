import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresTemplate: { adminUrl: string; database: string } | null;
  }
}

/** Migrates one PGlite template and (with DATABASE_URL) one PostgreSQL template; each test file clones them. */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-test-'));
  const template = await openDatabase({ kind: 'pglite' });
  await template.migrate();
  const dump = await template.pglite!.dumpDataDir('none');
  fs.writeFileSync(path.join(dir, 'template.tar'), Buffer.from(await dump.arrayBuffer()));
  await template.close();
  project.provide('pgliteTemplatePath', path.join(dir, 'template.tar'));

  const adminUrl = process.env.DATABASE_URL;
  let database: string | null = null;
  if (adminUrl) {
    database = `skt_tmpl_${process.pid}_${Date.now()}`;
    await adminQuery(adminUrl, `create database ${database}`);
    const pgTemplate = await openDatabase({
      kind: 'postgres',
      url: withDatabase(adminUrl, database),
      poolSize: 2,
    });
    await pgTemplate.migrate();
    await pgTemplate.close();
  }
  project.provide('postgresTemplate', adminUrl && database ? { adminUrl, database } : null);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (adminUrl && database) await adminQuery(adminUrl, `drop database if exists ${database} with (force)`);
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
