import fs from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../src/db/client';
import { adminQuery, withDatabase } from './global-setup';

export type Engine = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when DATABASE_URL is set (CI sets it). */
export function testEngines(): Engine[] {
  return inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite'];
}

let counter = 0;

/** A fresh, migrated database of the given engine; close() also drops it. */
export async function openTestDatabase(engine: Engine = 'pglite'): Promise<Database> {
  if (engine === 'pglite') {
    const template = fs.readFileSync(inject('pgliteTemplatePath'));
    return openDatabase({ kind: 'pglite', loadDataDir: new Blob([template]) });
  }
  const source = inject('postgresTemplate');
  if (!source) throw new Error('PostgreSQL tests need DATABASE_URL');
  const name = `skt_t_${process.pid}_${Date.now()}_${counter++}`;
  await createFromTemplate(source.adminUrl, name, source.database);
  const database = await openDatabase({
    kind: 'postgres',
    url: withDatabase(source.adminUrl, name),
    poolSize: 5,
  });
  return {
    ...database,
    close: async () => {
      await database.close();
      await adminQuery(source.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function createFromTemplate(adminUrl: string, name: string, template: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(adminUrl, `create database ${name} template ${template}`);
      return;
    } catch (error) {
      // Parallel test files copy the same template; PostgreSQL refuses while another copy is in flight.
      const busy = error instanceof Error && error.message.includes('is being accessed by other users');
      if (!busy || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}
