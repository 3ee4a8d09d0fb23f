import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { CatalogPage } from '@skriptoteket/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../src/catalog/catalog-seed';
import { composeRuntime, type Runtime } from '../src/compose';
import { composeApp } from '../src/compose-app';
import { loadConfig } from '../src/config';
import { openDatabase, queryRows, type Database } from '../src/db/client';
import { systemClock } from '../src/shared/ports';
import type { Actor } from '../src/shared/actor';
import { createTestContext, TestClient, type TestContext } from './api-harness';
import { testEngines } from './db';

/** Polls until `isDone` holds; returns how long it took, or fails after `limitMs`. */
async function within(limitMs: number, isDone: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await isDone())) {
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

/**
 * Two app instances on one PostgreSQL database, as two web processes behind a load balancer: each has its own
 * search index, favorites and session caches, kept current only by the database's notifications.
 */
describe.each(testEngines().filter((engine) => engine === 'postgres'))('two processes on %s', (engine) => {
  let a: TestContext;
  let databaseB: Database;
  let runtimeB: Runtime;
  let appB: FastifyInstance;
  let admin: Actor;
  let teacherA: TestClient & { user: { id: string } };
  let teacherB: TestClient;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-catalog-b-'));

  beforeAll(async () => {
    a = await createTestContext({ engine });
    const [row] = await queryRows<{ db: string }>(a.database.db, sql`select current_database() as db`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${row!.db}`;
    databaseB = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 5 });
    const config = loadConfig({ SKRIPTOTEKET_DATA_DIR: dataDir, SKRIPTOTEKET_LOG_LEVEL: 'silent' });
    runtimeB = composeRuntime(config, databaseB, systemClock);
    appB = await composeApp({ ...config, webDir: '/nonexistent' }, databaseB, runtimeB);
    await appB.ready();
    const owner = await a.services.users.createUser({
      email: 'admin@skola.se',
      role: 'admin',
      password: 'ett-bra-lösenord',
    });
    admin = { id: owner.id, role: owner.role };
    teacherA = await a.signedIn('user');
    teacherB = new TestClient(appB);
    for (const [name, value] of teacherA.cookies) teacherB.cookies.set(name, value);
  });
  afterAll(async () => {
    await appB.close();
    await databaseB.close();
    await a.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const titlesIn = async (client: TestClient, q: string) =>
    (await client.get(`/api/v1/catalog/tools?q=${encodeURIComponent(q)}`))
      .json<CatalogPage>()
      .items.map((t) => t.title);

  it('finds a tool published in process A from process B within a second, and loses it as fast', async () => {
    const [id] = await seedCatalog(a.database.db, admin.id, [
      {
        title: 'Närvarosammanställning',
        summary: 'Frånvaro per vecka.',
        professions: ['larare'],
        categories: ['administration'],
        isPublished: false,
      },
    ]);
    expect(await titlesIn(teacherB, 'sammanställning')).toEqual([]);
    await a.services.tools.setPublished(admin, id!, true);
    const shown = await within(1000, async () =>
      (await titlesIn(teacherB, 'sammanställning')).includes('Närvarosammanställning'),
    );
    expect(shown).toBeLessThan(1000);
    await a.services.tools.setPublished(admin, id!, false);
    const hidden = await within(1000, async () => (await titlesIn(teacherB, 'sammanställning')).length === 0);
    expect(hidden).toBeLessThan(1000);
    expect((await teacherB.get('/api/v1/catalog/tools')).json<CatalogPage>().total).toBe(0);
  });

  it('shows a favorite set in process A in process B, and a sign-out in A ends the session in B', async () => {
    const [id] = await seedCatalog(a.database.db, admin.id, [
      { title: 'Gruppindelning', summary: 'Grupper.', professions: ['larare'], categories: ['mentorskap'] },
    ]);
    const heartOf = async () =>
      (await teacherB.get('/api/v1/catalog/tools?q=indelning')).json<CatalogPage>().items[0]?.isFavorite;
    await within(1000, async () => (await heartOf()) === false);
    expect((await teacherA.request({ method: 'PUT', url: `/api/v1/me/favorites/${id}` })).statusCode).toBe(
      204,
    );
    await within(1000, async () => (await heartOf()) === true);

    expect((await teacherB.get('/api/v1/catalog/tools')).statusCode).toBe(200);
    expect((await teacherA.post('/api/v1/auth/logout')).statusCode).toBe(204);
    await within(1000, async () => (await teacherB.get('/api/v1/catalog/tools')).statusCode === 401);
  });
});
