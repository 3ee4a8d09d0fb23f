import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../../test/db';
import { queryRows, type Database } from './client';
import { DrizzleUnitOfWork } from './unit-of-work';
import { identityRepos } from '../identity/identity.repo';

describe.each(testEngines())('database on %s', (engine) => {
  let database: Database;
  afterEach(async () => {
    await database.close();
  });

  async function snapshot(db: Database) {
    const tables = await queryRows<{ table_name: string }>(
      db.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const applied = await queryRows(db.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return { tables, applied };
  }

  it('applies migrations a second and third time as a no-op', async () => {
    database = await openTestDatabase(engine);
    const before = await snapshot(database);
    expect(before.tables.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['users', 'sessions', 'login_events']),
    );
    await database.migrate();
    await database.migrate();
    expect(await snapshot(database)).toEqual(before);
  });

  it('rolls back everything a unit of work did when it throws', async () => {
    database = await openTestDatabase(engine);
    const uow = new DrizzleUnitOfWork(database.db, identityRepos);
    const user = (email: string) => ({
      id: crypto.randomUUID(),
      email,
      name: 'X',
      role: 'user' as const,
      locale: 'sv' as const,
      passwordHash: 'h',
      isActive: true,
      failedLoginCount: 0,
      lockedUntil: null,
      emailVerifiedAt: null,
      mustChangePassword: false,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    await expect(
      uow.run(async (repos) => {
        await repos.users.insert(user('a@skola.se'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await uow.run((repos) => repos.users.insert(user('b@skola.se')));
    const repos = identityRepos(database.db);
    expect(await repos.users.findByEmail('a@skola.se')).toBeNull();
    expect(await repos.users.findByEmail('b@skola.se')).not.toBeNull();
  });

  it('enforces normalized, unique e-mail addresses in the schema itself', async () => {
    database = await openTestDatabase(engine);
    const insert = (email: string) =>
      database.db.execute(
        sql`insert into users (id, email, name, role, password_hash, created_at, updated_at)
            values (gen_random_uuid(), ${email}, 'n', 'user', 'h', now(), now())`,
      );
    await insert('a@skola.se');
    await expect(insert('a@skola.se')).rejects.toThrow();
    await expect(insert('Upper@Skola.se')).rejects.toThrow();
    await expect(
      database.db.execute(
        sql`insert into users (id, email, name, role, password_hash, created_at, updated_at)
            values (gen_random_uuid(), 'c@skola.se', 'n', 'god', 'h', now(), now())`,
      ),
    ).rejects.toThrow();
  });
});
