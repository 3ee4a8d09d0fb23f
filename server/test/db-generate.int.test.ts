import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run db:generate` (README) writes a migration from the schema. On the committed tree it must find nothing to
 * do: the migrations and the schema in server/src/db/schema/ agree. Whatever it writes anyway is removed again.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
const migrations = path.join(root, 'server', 'src', 'db', 'migrations');

const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => fs.statSync(path.join(dir, entry)).isFile())
    .sort();

describe('npm run db:generate', () => {
  it('finds the migrations in step with the schema: nothing to generate', async () => {
    const before = filesUnder(migrations);
    const journal = fs.readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8');
    try {
      const output = await new Promise<string>((resolve, reject) =>
        execFile('npm', ['run', 'db:generate'], { cwd: root, timeout: 120_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout + stderr),
        ),
      );
      expect(output).toContain('No schema changes, nothing to migrate');
      expect(filesUnder(migrations)).toEqual(before);
    } finally {
      for (const file of filesUnder(migrations))
        if (!before.includes(file)) fs.rmSync(path.join(migrations, file));
      fs.writeFileSync(path.join(migrations, 'meta', '_journal.json'), journal);
    }
  }, 180_000);
});
