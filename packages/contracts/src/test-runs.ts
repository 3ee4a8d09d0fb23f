import { z } from 'zod';
import { saveVersionBodySchema } from './governance';

/**
 * Test runs (editor and review): the unsaved content a test run executes. The same limits and rules as saving a
 * version; sent as the JSON text of the multipart field `snapshot` with the run's `inputs`, `settings` and files.
 */
export const testRunSnapshotSchema = saveVersionBodySchema.omit({ baseVersionId: true });
export type TestRunSnapshot = z.infer<typeof testRunSnapshotSchema>;

/** The text fields of a test run submission (files as repeated `files` parts). */
export const testRunFieldsSchema = z.object({
  /** JSON text of the snapshot (only for `POST /admin/tools/{toolId}/test-runs`). */
  snapshot: z.string().max(2_000_000).optional(),
  /** JSON text of the form's values. */
  inputs: z.string().max(1_000_000).optional(),
  /** JSON text of the settings values the test run uses (never stored as anyone's settings). */
  settings: z.string().max(200_000).optional(),
});
export type TestRunFields = z.infer<typeof testRunFieldsSchema>;
