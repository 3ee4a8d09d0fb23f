import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from './client';
import { DataDirLockedError, lockFileFor } from './data-dir-lock';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-lockdb-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('an embedded data directory', () => {
  it('opens in one process at a time; a refused opener changes nothing and the data stays', async () => {
    const dataDir = path.join(root, 'pglite');
    const first = await openDatabase({ kind: 'pglite', dataDir }, 'the Skriptoteket server');
    await first.db.execute(sql`create table notes (text text)`);
    await first.db.execute(sql`insert into notes values ('kept')`);

    await expect(openDatabase({ kind: 'pglite', dataDir }, 'a second server')).rejects.toBeInstanceOf(
      DataDirLockedError,
    );
    await first.db.execute(sql`insert into notes values ('after the refusal')`);
    await first.close();
    expect(fs.existsSync(lockFileFor(dataDir))).toBe(false);

    const reopened = await openDatabase({ kind: 'pglite', dataDir });
    const rows = await queryRows<{ text: string }>(reopened.db, sql`select text from notes order by text`);
    expect(rows.map((r) => r.text)).toEqual(['after the refusal', 'kept']);
    await reopened.close();
  }, 180_000);
});
