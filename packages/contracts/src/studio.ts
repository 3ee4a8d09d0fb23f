import { z } from 'zod';
import { MAX_SOURCE_BYTES } from './governance';

/** The editor's source check: what it sends while the contributor types. Saves nothing. */
export const diagnosticsBodySchema = z.object({
  sourceCode: z.string().max(MAX_SOURCE_BYTES),
  entrypoint: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .max(100)
    .default('run_tool'),
});
export type DiagnosticsBody = z.infer<typeof diagnosticsBodySchema>;

export const diagnosticSeverities = ['error', 'warning', 'info'] as const;
export type DiagnosticSeverity = (typeof diagnosticSeverities)[number];

export const diagnosticSchema = z.object({
  /** Stable: `syntax-error`, `entrypoint-missing`, `undefined-name`, `unused-import`, `network`, … */
  code: z.string(),
  severity: z.enum(diagnosticSeverities),
  /** 1-based line and column in characters; the end (exclusive) when known. */
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int().nullable(),
  endColumn: z.number().int().nullable(),
  /** In the request's language. */
  message: z.string(),
});
export type Diagnostic = z.infer<typeof diagnosticSchema>;

export const diagnosticsResultSchema = z.object({ items: z.array(diagnosticSchema) });
export type DiagnosticsResult = z.infer<typeof diagnosticsResultSchema>;
