import { text, testRunFieldsSchema, testRunSnapshotSchema } from '@skriptoteket/contracts';
import { parseJsonExact } from '@skriptoteket/contracts/json-exact';
import type { z } from 'zod';
import type { ParsedRunForm } from '../http/uploads';
import { invalid } from '../shared/app-error';
import type { TestRunRequest } from './test-runs.service';

const REQUEST_UNREADABLE = text('Begäran kunde inte tolkas.', 'The request could not be understood.');

/** The form's text fields as values; `snapshot` is required when `withSnapshot`. 422 naming the bad field. */
export function readTestRunForm(
  form: ParsedRunForm,
  withSnapshot: boolean,
): TestRunRequest & { snapshot?: z.infer<typeof testRunSnapshotSchema> } {
  const fields = testRunFieldsSchema.safeParse(form.fields);
  if (!fields.success) throw invalid(REQUEST_UNREADABLE, issuesOf(fields.error, []));
  const request: TestRunRequest = {
    inputs: jsonField(fields.data.inputs, 'inputs'),
    settings: jsonField(fields.data.settings, 'settings'),
    files: form.files,
  };
  if (!withSnapshot) return request;
  const snapshot = testRunSnapshotSchema.safeParse(jsonField(fields.data.snapshot, 'snapshot') ?? null);
  if (!snapshot.success) throw invalid(REQUEST_UNREADABLE, issuesOf(snapshot.error, ['snapshot']));
  return { ...request, snapshot: snapshot.data };
}

const ENTRYPOINT_HINT = text(
  'Ange namnet på en Python-funktion, till exempel run_tool.',
  'Give the name of a Python function, for example run_tool.',
);

function issuesOf(error: z.ZodError, prefix: string[]) {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)],
    message:
      issue.path[0] === 'entrypoint'
        ? ENTRYPOINT_HINT
        : text('Saknas eller har fel form.', 'Missing or malformed.'),
  }));
}

function jsonField(value: string | undefined, name: string): unknown {
  if (value === undefined || value.trim() === '') return undefined;
  try {
    return parseJsonExact(value);
  } catch {
    throw invalid(REQUEST_UNREADABLE, [{ path: [name], message: text('Ogiltig JSON.', 'Invalid JSON.') }]);
  }
}
