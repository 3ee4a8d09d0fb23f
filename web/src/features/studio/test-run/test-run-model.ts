import type { RunView, TestRunSnapshot, ToolPage } from '@skriptoteket/contracts';
import type { FormTool } from '../../runs/use-run-form';

/** What the editor hands the panel: its current, unsaved content (schemas as the editor holds them). */
export interface EditorSnapshot {
  sourceCode: string;
  entrypoint: string;
  inputSchema: unknown;
  settingsSchema: unknown;
  usageInstructions: string;
}

/** Until the limits are loaded the form checks against the defaults; the server checks the real ones. */
export const DEFAULT_UPLOAD_LIMITS: ToolPage['uploadLimits'] = {
  maxFiles: 20,
  maxFileBytes: 20_000_000,
  maxTotalBytes: 50_000_000,
};

/** A schema the editor holds may be anything while it is being typed; the form shows only a list. */
export const schemaList = (schema: unknown): unknown[] => (Array.isArray(schema) ? schema : []);

/** The form's view of the tool under test (a test run has no slug: it is started by tool id). */
export function formToolOf(schema: unknown, uploadLimits: ToolPage['uploadLimits']): FormTool {
  return { slug: '', inputSchema: schemaList(schema), uploadLimits };
}

/** A key that changes when the form must be rebuilt: the fields changed. */
export const schemaKey = (schema: unknown): string => JSON.stringify(schemaList(schema));

/**
 * The body's snapshot: the editor content as it is at the moment of pressing *Testkör*. A schema that is not a
 * list is sent as it is, so the server's 422 says what is wrong with it instead of the panel hiding it.
 */
export function snapshotToSend(content: EditorSnapshot): TestRunSnapshot {
  return {
    sourceCode: content.sourceCode,
    entrypoint: content.entrypoint.trim() || 'run_tool',
    inputSchema: content.inputSchema as unknown[],
    settingsSchema: content.settingsSchema as unknown[],
    usageInstructions: content.usageInstructions,
  };
}

export interface OutputBlock {
  id: 'stdout' | 'stderr';
  text: string;
  isTruncated: boolean;
}

/** stdout and stderr of a finished test run, each with whether the sandbox cut it. */
export function outputBlocks(run: RunView): OutputBlock[] {
  return [
    { id: 'stdout', text: run.stdout ?? '', isTruncated: run.isStdoutTruncated === true },
    { id: 'stderr', text: run.stderr ?? '', isTruncated: run.isStderrTruncated === true },
  ];
}

/** Seconds with one decimal for the duration line; null when the code never ran (e.g. cancelled while queued). */
export function durationSeconds(run: RunView, locale: string): string | null {
  if (run.durationMs === null || run.durationMs === 0) return null;
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(run.durationMs / 1000);
}
