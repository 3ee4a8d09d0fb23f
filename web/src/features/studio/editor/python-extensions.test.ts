import { Text } from '@codemirror/state';
import type { Diagnostic } from '@skriptoteket/contracts';
import { describe, expect, it } from 'vitest';
import { toEditorDiagnostic } from './python-extensions';
import { docFor } from './toolkit-docs';

const doc = Text.of(['import os', 'def run_tool(input_dir, output_dir):', '    return hälsning + x']);
const item = (over: Partial<Diagnostic>): Diagnostic => ({
  code: 'undefined-name',
  severity: 'error',
  line: 3,
  column: 12,
  endLine: 3,
  endColumn: 20,
  message: 'Namnet hälsning är inte definierat.',
  ...over,
});

describe('server diagnostics in the editor', () => {
  it('underlines exactly the range the server names, counted in characters', () => {
    const mapped = toEditorDiagnostic(doc, item({}));
    expect(doc.sliceString(mapped.from, mapped.to)).toBe('hälsning');
    expect(mapped).toMatchObject({ severity: 'error', message: 'Namnet hälsning är inte definierat.' });
  });

  it('underlines the word at the position when the end is unknown, and stays inside the document', () => {
    const word = toEditorDiagnostic(doc, item({ line: 2, column: 5, endLine: null, endColumn: null }));
    expect(doc.sliceString(word.from, word.to)).toBe('run_tool');
    const punctuation = toEditorDiagnostic(
      doc,
      item({ line: 3, column: 21, endLine: null, endColumn: null }),
    );
    expect(doc.sliceString(punctuation.from, punctuation.to)).toBe('+');
    const beyond = toEditorDiagnostic(doc, item({ line: 99, column: 500, endLine: 120, endColumn: 3 }));
    expect(beyond.from).toBeLessThanOrEqual(doc.length);
    expect(beyond.to).toBeGreaterThanOrEqual(beyond.from);
    expect(beyond.to).toBeLessThanOrEqual(doc.length);
  });
});

describe('hover help for the contract', () => {
  it('explains the helper functions, ToolUserError, save_as_pdf and the output keys', () => {
    expect(docFor('read_inputs')).toMatchObject({ title: 'read_inputs() -> dict' });
    expect(docFor('ToolUserError')?.info).toContain('raise ToolUserError');
    expect(docFor('save_as_pdf')?.title).toBe('save_as_pdf(html, output_dir, filename) -> str');
    expect(docFor('next_actions')?.info).toContain('högst 10');
    expect(docFor('run_tool')?.title).toBe('run_tool(input_dir, output_dir)');
    expect(docFor('toString')).toBeNull();
    expect(docFor('print')).toBeNull();
  });
});
