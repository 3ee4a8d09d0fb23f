import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunView } from '@skriptoteket/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/api-harness';
import { testEngines } from '../../test/db';
import { py } from '../../test/runs-fixtures';
import { queryRows } from '../db/client';
import type { Actor } from '../shared/actor';

const SOURCE = py([
  'from skriptoteket_toolkit import get_action_parts, list_input_files, read_settings',
  'def run_tool(i, o):',
  '    action, data, state = get_action_parts()',
  '    total = state.get("total", 0) + data.get("n", 0) if action else 0',
  '    text = open(list_input_files()[0]["path"], encoding="utf-8").read().strip()',
  '    print("summa", total)',
  '    return {"outputs": [{"kind": "markdown", "markdown": f"{text} {total} {read_settings().get(\'skola\')}"}],',
  '            "next_actions": [{"action_id": "add", "label": "Lägg till", "kind": "form",',
  '                              "fields": [{"name": "n", "label": "N", "kind": "integer"}]}],',
  '            "state": {"total": total}}',
]);

for (const engine of testEngines()) {
  describe(`a test run end to end in the sandbox (${engine})`, () => {
    let ctx: TestContext;
    let maintainer: Actor;
    let toolId: string;
    let upload: string;

    beforeAll(async () => {
      ctx = await createTestContext({ workers: 1, engine });
      const { users, tools } = ctx.services;
      const admin = await users.createUser({
        email: 'a@skola.se',
        role: 'admin',
        password: 'ett-bra-lösenord',
      });
      const user = await users.createUser({
        email: 'm@skola.se',
        role: 'contributor',
        password: 'ett-bra-lösenord',
      });
      maintainer = { id: user.id, role: 'contributor' };
      const tool = await tools.createTool(
        { id: admin.id, role: 'admin' },
        { title: 'Summa', summary: 'Prov.' },
      );
      await tools.addMaintainer({ id: admin.id, role: 'admin' }, tool.id, { userId: user.id });
      toolId = tool.id;
      upload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skt-test-run-')), 'tal.txt');
    });
    afterAll(async () => {
      await ctx.close();
      fs.rmSync(path.dirname(upload), { recursive: true, force: true });
    });

    async function finished(run: RunView): Promise<RunView> {
      for (let i = 0; i < 800; i++) {
        const now = await ctx.services.testRuns.getRun(maintainer, run.id);
        if (!['queued', 'running'].includes(now.status)) return now;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`test run ${run.id} did not finish`);
    }

    it('runs, continues on its own state and files, stores nothing in sessions or settings, and expires', async () => {
      fs.writeFileSync(upload, 'Tal:');
      const testRuns = ctx.services.testRuns;
      const first = await finished(
        await testRuns.startSnapshotRun(
          maintainer,
          toolId,
          {
            sourceCode: SOURCE,
            entrypoint: 'run_tool',
            inputSchema: [{ name: 'fil', label: 'Fil', kind: 'file', min: 1, max: 1 }],
            settingsSchema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
            usageInstructions: '',
          },
          {
            inputs: {},
            settings: { skola: 'Ekskolan' },
            files: [{ name: 'tal.txt', bytes: 4, mimeType: 'text/plain', tempPath: upload }],
          },
        ),
      );
      expect(first).toMatchObject({ status: 'succeeded', kind: 'test', stdout: 'summa 0\n' });
      const second = await finished(
        await testRuns.submitAction(maintainer, first.id, { actionId: 'add', input: { n: 5 } }),
      );
      const third = await finished(
        await testRuns.submitAction(maintainer, second.id, { actionId: 'add', input: { n: 2 } }),
      );
      const markdown = (run: RunView) =>
        (run.uiPayload as { outputs: { markdown: string }[] }).outputs[0]!.markdown;
      expect([first, second, third].map(markdown)).toEqual([
        'Tal: 0 Ekskolan',
        'Tal: 5 Ekskolan',
        'Tal: 7 Ekskolan',
      ]);

      const db = ctx.database.db;
      const count = async (table: string) =>
        (await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
      expect(await count('tool_sessions')).toBe(0);
      expect(await count('session_files')).toBe(0);
      expect(await count('tool_settings')).toBe(0);

      const folder = (id: string) => path.join(ctx.config.dataDir, 'files', 'runs', id);
      expect(fs.existsSync(folder(third.id))).toBe(true);
      const report = await ctx.runtime.retention.runOnce(new Date(Date.now() + 25 * 3_600_000));
      expect(report.runsDeleted).toBe(3);
      for (const run of [first, second, third]) expect(fs.existsSync(folder(run.id))).toBe(false);
      expect(await count('runs')).toBe(0);
    });
  });
}
