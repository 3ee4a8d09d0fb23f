import type { Version } from '@skriptoteket/contracts';
import { ref, shallowRef } from 'vue';
import { apiErrorMessage } from '../../api/error-message';
import type { Message } from '../../i18n/message';
import { additionDiff, toDiffViewFiles, type DiffViewFile } from '../../ui/unified-diff';
import { governanceApi } from './governance-api';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A version's files shown as wholly added, for a tool with nothing to compare against. The files and
 * their text match those of the server's diff, so both views read the same.
 */
export function baselineFiles(version: Version): DiffViewFile[] {
  const files: [string, string][] = [
    ['script.py', version.sourceCode],
    ['entrypoint.txt', `${version.entrypoint}\n`],
    ['input_schema.json', json(version.inputSchema)],
    ['settings_schema.json', json(version.settingsSchema)],
    ['usage_instructions.md', version.usageInstructions],
  ];
  return files.map(([name, content]) => ({ name, isChanged: content !== '', diff: additionDiff(content) }));
}

/** Loads a comparison of two versions, or the full content of one when `fromId` is null. */
export function useVersionDiff() {
  const files = shallowRef<DiffViewFile[] | null>(null);
  const isLoading = ref(false);
  const error = shallowRef<Message | null>(null);
  let latest = 0;

  async function load(fromId: string | null, toId: string): Promise<void> {
    const request = ++latest;
    isLoading.value = true;
    error.value = null;
    files.value = null;
    try {
      const result = fromId
        ? toDiffViewFiles((await governanceApi.diff(fromId, toId)).files)
        : baselineFiles(await governanceApi.getVersion(toId));
      if (request === latest) files.value = result;
    } catch (caught) {
      if (request === latest) error.value = apiErrorMessage(caught);
    } finally {
      if (request === latest) isLoading.value = false;
    }
  }

  return { files, isLoading, error, load };
}
