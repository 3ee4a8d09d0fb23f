import fs from 'node:fs/promises';
import path from 'node:path';
import { TOOL_EXPORT_FORMAT, TOOL_EXPORT_FORMAT_VERSION, type ToolExport } from '@skriptoteket/contracts';
import { z } from 'zod';
import type { BankSource } from './bank.ports';

/** `script-bank/<slug>/tool.json`: the metadata of a bank tool, in the contract's own (snake_case) words. */
const bankToolSchema = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  usage_instructions: z.string(),
  professions: z.array(z.string()),
  categories: z.array(z.string()),
  entrypoint: z.string().default('run_tool'),
  input_schema: z.array(z.unknown()),
  settings_schema: z.array(z.unknown()).default([]),
});

/** When the bank's tools were written: the creation time of their first (and active) version. */
const BANK_DATE = '2026-12-01T00:00:00.000Z';

/** Reads one bank folder (tool.json, script.py, samples/*) as an export document with one active version. */
export async function readBankTool(folder: string): Promise<ToolExport> {
  const meta = bankToolSchema.parse(JSON.parse(await fs.readFile(path.join(folder, 'tool.json'), 'utf8')));
  if (meta.slug !== path.basename(folder))
    throw new Error(`${folder}: tool.json's slug "${meta.slug}" is not the folder's name`);
  const sampleDir = path.join(folder, 'samples');
  const names = (await fs.readdir(sampleDir).catch(() => [] as string[])).sort();
  const samples = [];
  for (const name of names) {
    const file = path.join(sampleDir, name);
    if (!(await fs.lstat(file)).isFile()) continue;
    samples.push({ name, contentBase64: (await fs.readFile(file)).toString('base64') });
  }
  return {
    format: TOOL_EXPORT_FORMAT,
    formatVersion: TOOL_EXPORT_FORMAT_VERSION,
    exportedAt: BANK_DATE,
    tool: {
      slug: meta.slug,
      title: meta.title,
      summary: meta.summary,
      professions: meta.professions,
      categories: meta.categories,
    },
    versions: [
      {
        number: 1,
        state: 'active',
        sourceCode: await fs.readFile(path.join(folder, 'script.py'), 'utf8'),
        entrypoint: meta.entrypoint,
        inputSchema: meta.input_schema,
        settingsSchema: meta.settings_schema,
        usageInstructions: meta.usage_instructions,
        createdAt: BANK_DATE,
        submitNote: null,
        reviewMessage: null,
        changeSummary: 'Från Skriptotekets skriptbank.',
        publishedAt: BANK_DATE,
      },
    ],
    samples,
  };
}

/** Every tool folder under `script-bank/`, in name order. */
export class BankFolder implements BankSource {
  constructor(private readonly root: string) {}

  async folders(): Promise<string[]> {
    const entries = await fs.readdir(this.root, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
      .map((e) => path.join(this.root, e.name))
      .sort();
  }

  async load(): Promise<ToolExport[]> {
    return Promise.all((await this.folders()).map(readBankTool));
  }
}
