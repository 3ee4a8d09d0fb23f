import type { CompileError } from '@skriptoteket/contracts';
import type { Message } from '../../i18n/message';

/** The compiler's message as a sentence, so the advice after it reads well. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Why a version that does not compile is refused, the same words as the server's 409 in the reader's language. */
export function compileRefusal(error: CompileError): Message {
  const message = sentence(error.message);
  if (error.line === null) return { key: 'governance.compile.refusedWithoutPosition', params: { message } };
  return {
    key: 'governance.compile.refused',
    params: { line: String(error.line), column: String(error.column ?? 1), message },
  };
}

/**
 * Blanks up to the column and a caret under the offending character. Tabs are kept so the caret lines up
 * under them; the column counts characters (code points), as the server does.
 */
export function caretLine(text: string, column: number): string {
  const before = Array.from(text).slice(0, Math.max(column - 1, 0));
  return `${before.map((ch) => (ch === '\t' ? '\t' : ' ')).join('')}^`;
}

/** The compile error in the `details` of a DOES_NOT_COMPILE refusal, or null for any other details. */
export function doesNotCompileDetails(details: unknown): CompileError | null {
  if (typeof details !== 'object' || details === null) return null;
  const { reason, message, line, column, text } = details as Record<string, unknown>;
  const isPosition = (value: unknown): value is number | null => value === null || typeof value === 'number';
  if (reason !== 'DOES_NOT_COMPILE' || typeof message !== 'string' || typeof text !== 'string') return null;
  if (!isPosition(line) || !isPosition(column)) return null;
  return { message, line, column, text };
}
