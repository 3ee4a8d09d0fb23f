import { authoringRepos } from '../authoring/authoring.repo';
import { requireVisibleTool } from '../authoring/tools.service';
import { requireVisibleVersion } from '../authoring/version-guards';
import type { Executor } from '../db/client';
import type { TestRunAccess } from './runs.ports';

/**
 * Test runs follow the editor's rule (admins, and contributors who maintain the tool), read from the authoring
 * tables; a tool or version the caller may not edit is NOT_FOUND, as in the authoring API.
 */
export function authoringTestRunAccess(db: Executor): TestRunAccess {
  const repos = authoringRepos(db);
  return {
    requireTestable: async (actor, toolId) => {
      await requireVisibleTool(repos, actor, toolId);
    },
    versionToTest: async (actor, versionId) => {
      const version = await requireVisibleVersion(repos, actor, versionId);
      return {
        toolId: version.toolId,
        snapshot: {
          sourceCode: version.sourceCode,
          entrypoint: version.entrypoint,
          inputSchema: version.inputSchema,
          settingsSchema: version.settingsSchema,
        },
      };
    },
  };
}
