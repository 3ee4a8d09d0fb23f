import { z } from 'zod';
import { multipartBody, runSubmissionForm } from '../http/openapi';

const settings = z
  .string()
  .optional()
  .describe(
    'JSON text of the settings values this test run uses, normalized against the settings_schema (422 naming ' +
      "the field). Never stored as anyone's settings.",
  );

const versionForm = runSubmissionForm.pick({ inputs: true, files: true }).extend({ settings });

/** `POST /admin/versions/{versionId}/test-runs`: the version's own code with these inputs, files and settings. */
export const testRunVersionBody = multipartBody(versionForm);

/** `POST /admin/tools/{toolId}/test-runs`: the editor's unsaved content as `snapshot`, plus the run's values. */
export const testRunSnapshotBody = multipartBody(
  versionForm.extend({
    snapshot: z
      .string()
      .describe(
        'JSON text of `{sourceCode, entrypoint, inputSchema, settingsSchema, usageInstructions}`, checked like ' +
          'saving a version: schema errors and source that does not compile are a 422 (the latter with ' +
          '`details.reason` `DOES_NOT_COMPILE`, `line`, `column`, `text`).',
      ),
  }),
);
