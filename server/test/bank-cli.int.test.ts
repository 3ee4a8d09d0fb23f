import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from './http-client';
import { embeddedEnv, killAll, runToEnd, start } from './processes';

/**
 * The script bank and tool sharing as an operator meets them: a fresh embedded start has every bank tool in the
 * catalog, runnable on its sample data; bank:seed, tool:export and tool:import work through the running server
 * and without one. Budgets fit a busy 2-core machine.
 */
const START_MS = 240_000;
const TEST_MS = 600_000;
const BANK = fs
  .readdirSync(path.resolve(import.meta.dirname, '..', '..', 'script-bank'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const ADMIN = { email: 'it@kommun.example', password: 'ett-långt-lösenord-1' };

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-bank-cli-'));
afterEach(killAll);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function environment(name: string) {
  return embeddedEnv({
    SKRIPTOTEKET_DATA_DIR: path.join(scratch, name),
    SKRIPTOTEKET_ADMIN_EMAIL: ADMIN.email,
    SKRIPTOTEKET_ADMIN_PASSWORD: ADMIN.password,
    HOST: '127.0.0.1',
    PORT: '0',
    // Files given to the CLI are relative to where the operator typed the command.
    INIT_CWD: scratch,
  });
}

const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  runToEnd(process.execPath, ['scripts/cli.mjs', ...args], env);

function renamed(file: string, slug: string): string {
  const doc = JSON.parse(fs.readFileSync(path.join(scratch, file), 'utf8')) as { tool: { slug: string } };
  doc.tool.slug = slug;
  const copy = `${slug}.json`;
  fs.writeFileSync(path.join(scratch, copy), JSON.stringify(doc));
  return copy;
}

describe('the script bank on an embedded installation', () => {
  it(
    'a fresh start publishes every bank tool, runnable on its samples; the CLI exports and imports beside it',
    async () => {
      const env = environment('served');
      const server = start(process.execPath, ['server/dist/main.js'], env);
      const [, baseUrl] = await server.waitFor(/is running at (http:\/\/\S+)/, START_MS);
      const admin = new HttpClient(baseUrl!);
      await admin.signIn(ADMIN.email, ADMIN.password);
      const catalog = await admin.request('GET', '/catalog/tools?limit=50');
      const items = catalog.json['items'] as { slug: string }[];
      expect(items.map((t) => t.slug).sort()).toEqual(BANK);

      const started = await admin.request('POST', '/tools/markdown-till-word/sample-runs', {});
      expect(started.status).toBe(202);
      let run = started.json;
      for (let i = 0; i < 600 && ['queued', 'running'].includes(String(run['status'])); i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        run = (await admin.request('GET', `/runs/${String(started.json.id)}`)).json;
      }
      expect(run['status'], JSON.stringify(run['errorSummary'])).toBe('succeeded');

      const seeded = await cli(env, 'bank:seed');
      expect(seeded.stdout).toContain(`0 tools created and published, ${BANK.length} already present`);
      expect(server.stdout()).toMatch(/"command":"bank:seed","msg":"operator command"/);
      const exported = await cli(env, 'tool:export', 'provmakare', 'provmakare.json');
      expect(exported.status, exported.output).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(scratch, 'provmakare.json'), 'utf8'))).toMatchObject({
        format: 'skriptoteket.tool',
        tool: { slug: 'provmakare' },
        samples: [{ name: 'prov-vatten.txt' }],
      });
      const overwrite = await cli(env, 'tool:export', 'provmakare', 'provmakare.json');
      expect(overwrite.status).toBe(2);
      expect(overwrite.output).toContain('already exists');

      const clash = await cli(env, 'tool:import', 'provmakare.json');
      expect(clash.status).toBe(1);
      expect(clash.output).toContain('A tool with the address "provmakare" already exists.');
      const imported = await cli(env, 'tool:import', renamed('provmakare.json', 'provmakare-delad'));
      expect(imported.status, imported.output).toBe(0);
      expect(imported.stdout).toContain('Imported provmakare-delad');
      expect(await server.stop('SIGTERM')).toBe(0);
    },
    TEST_MS,
  );

  it(
    'seeds with bank:seed once, then keeps what is there; exports and imports with no server running',
    async () => {
      const env = environment('offline');
      const first = await cli(env, 'bank:seed');
      expect(first.status, first.output).toBe(0);
      expect(first.stdout).toContain(`${BANK.length} tools created and published, 0 already present`);
      expect((await cli(env, 'bank:seed')).stdout).toContain(`0 tools created and published`);
      const printed = await cli(env, 'tool:export', 'gruppgenerator');
      expect(JSON.parse(printed.stdout)).toMatchObject({ tool: { slug: 'gruppgenerator' } });
      fs.writeFileSync(path.join(scratch, 'grupp.json'), printed.stdout);
      const imported = await cli(env, 'tool:import', renamed('grupp.json', 'grupper-delade'));
      expect(imported.stdout).toContain('Imported grupper-delade');
      const broken = await cli(env, 'tool:import', 'finns-inte.json');
      expect(broken.status).toBe(2);
    },
    TEST_MS,
  );
});
