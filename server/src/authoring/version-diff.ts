import { createTwoFilesPatch } from 'diff';
import type { VersionRecord } from './authoring.model';

/** The files of a version as a reviewer reads them, each with a unified diff from `from` to `to`. */
export function diffFiles(from: VersionRecord, to: VersionRecord) {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: [string, string, string][] = [
    ['script.py', from.sourceCode, to.sourceCode],
    ['entrypoint.txt', `${from.entrypoint}\n`, `${to.entrypoint}\n`],
    ['input_schema.json', json(from.inputSchema), json(to.inputSchema)],
    ['settings_schema.json', json(from.settingsSchema), json(to.settingsSchema)],
    ['usage_instructions.md', from.usageInstructions, to.usageInstructions],
  ];
  return files.map(([name, a, b]) => ({
    name,
    isChanged: a !== b,
    patch:
      a === b
        ? ''
        : createTwoFilesPatch(`v${from.number}/${name}`, `v${to.number}/${name}`, a, b, '', '', {
            context: 3,
          }),
  }));
}
