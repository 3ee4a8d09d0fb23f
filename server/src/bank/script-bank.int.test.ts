import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { checkUploads } from '@skriptoteket/contracts';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON, sandboxKit } from '../sandbox/sandbox.test-kit';
import { normalizeFormInputs } from '../tool-contract/input-normalizer';
import { BankFolder, readBankTool } from './bank-folder';
import { decodeSamples } from './tool-transfer.model';
import { parseToolExport } from './tool-transfer.service';

/**
 * Every script-bank tool, run in the real sandbox on its own sample files: the steps and the checks of its
 * outputs (tables, charts, and the DOCX/XLSX/PDF files opened and read back) are the tool's bank_test.py.
 */
const BANK = path.resolve(import.meta.dirname, '..', '..', '..', 'script-bank');
const folders = await new BankFolder(BANK).folders();
const kit = sandboxKit([309_000, 310_000]);
afterAll(() => kit.close());

const LIMITS = {
  wallMs: 60_000,
  cpuSeconds: 60,
  memoryBytes: 1024 << 20,
  maxProcesses: 64,
  diskBytes: 64 << 20,
};

interface Step {
  inputs?: Record<string, unknown>;
  files: string[];
  action?: { action_id: string; input: Record<string, unknown> };
}

function bankCheck(...args: string[]) {
  return spawnSync(PYTHON, [path.join(BANK, 'bank_check.py'), ...args], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 60_000,
  });
}

it('holds at least six tools', () => {
  expect(folders.length).toBeGreaterThanOrEqual(6);
});

describe.each(folders.map((folder) => ({ slug: path.basename(folder), folder })))('$slug', ({ folder }) => {
  it('runs on its samples in the sandbox and its outputs pass its checks', { timeout: 180_000 }, async () => {
    const doc = parseToolExport(await readBankTool(folder));
    const [version] = doc.versions;
    const samples = new Map(decodeSamples(doc).map((s) => [s.name, Buffer.from(s.content)]));
    const plan = bankCheck('plan', folder);
    expect(plan.status, plan.stderr).toBe(0);
    const steps = JSON.parse(plan.stdout) as Step[];
    expect(steps.length).toBeGreaterThan(0);
    let state: unknown = {};
    for (const [index, step] of steps.entries()) {
      const files = step.files.map((name) => ({ name, data: samples.get(name)! }));
      expect(
        files.every((f) => f.data),
        `step ${index} uses only sample files`,
      ).toBe(true);
      // What the platform would let through: the form's values and the files against the tool's schema.
      const uploads = checkUploads(
        version!.inputSchema,
        files.map((f) => ({ name: f.name, bytes: f.data.length, mimeType: '' })),
        { maxFiles: 20, maxFileBytes: 20 << 20, maxTotalBytes: 50 << 20 },
      );
      if (!step.action) {
        expect(uploads, `step ${index}: files accepted`).toHaveProperty('files');
        expect(normalizeFormInputs(version!.inputSchema, step.inputs ?? {})).toHaveProperty('values');
      }
      const outcome = await kit.run(version!.sourceCode, {
        limits: LIMITS,
        files,
        isKept: true,
        env: {
          SKRIPTOTEKET_ENTRYPOINT: version!.entrypoint,
          SKRIPTOTEKET_INPUTS: JSON.stringify(step.action ? {} : (step.inputs ?? {})),
          SKRIPTOTEKET_INPUT_MANIFEST: JSON.stringify({
            files: files.map((f) => ({ name: f.name, path: `/work/input/${f.name}`, bytes: f.data.length })),
          }),
          ...(step.action ? { SKRIPTOTEKET_ACTION: JSON.stringify({ ...step.action, state }) } : {}),
        },
      });
      expect(outcome.resultDoc, outcome.result.stderr).not.toBeNull();
      state = (outcome.resultDoc as { state?: unknown }).state ?? {};
      const checked = bankCheck('check', folder, String(index), outcome.runDir);
      expect(checked.status, `${checked.stderr}\n--- tool stderr ---\n${outcome.result.stderr}`).toBe(0);
    }
  });
});
