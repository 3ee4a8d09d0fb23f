import { describe, expect, it } from 'vitest';
import { PythonSyntaxChecker } from './python-syntax.checker';
import { processesInUidRange, PYTHON } from './sandbox.test-kit';

/** Contract §2: a source that does not compile fails before any sandbox starts, with line, column and line. */
const UIDS: [number, number] = [304_000, 305_000];
const checker = new PythonSyntaxChecker({ python: PYTHON, uidRange: UIDS });

describe('PythonSyntaxChecker', () => {
  it('accepts valid source without running it', async () => {
    const source = 'import os\nwhile True:\n    pass\n\ndef run_tool(i, o):\n    return "hej å"\n';
    await expect(checker.check(source)).resolves.toEqual({ isValid: true, errorSummary: null, error: null });
  });

  it('reports the message, line, column and the offending line', async () => {
    const result = await checker.check('def run_tool(i, o):\n    return (1,\n\nx = = 2\n');
    expect(result).toEqual({
      isValid: false,
      errorSummary: "SyntaxError: '(' was never closed (line 2, col 12)\n    return (1,",
      error: { message: "'(' was never closed", line: 2, column: 12, text: '    return (1,' },
    });
    expect(await checker.check('def f(:\n    pass\n')).toEqual({
      isValid: false,
      errorSummary: 'SyntaxError: invalid syntax (line 1, col 7)\ndef f(:',
      error: { message: 'invalid syntax', line: 1, column: 7, text: 'def f(:' },
    });
  });

  it('counts the column in characters, so a caret lands under the error in lines with å, ä and ö', async () => {
    const result = await checker.check('def run_tool(i, o):\n    hälsning = "hej på dig" $ 1\n');
    expect(result.error).toEqual({
      message: 'invalid syntax',
      line: 2,
      column: 29,
      text: '    hälsning = "hej på dig" $ 1',
    });
    expect(result.error!.text[result.error!.column! - 1]).toBe('$');
    expect(result.errorSummary).toBe(
      'SyntaxError: invalid syntax (line 2, col 29)\n    hälsning = "hej på dig" $ 1',
    );
    // Stored source is UTF-8; a latin-1 cookie makes Python read each å as two characters, and so must we.
    const cookie = await checker.check('# -*- coding: latin-1 -*-\nx = "åäö" $ 1\n');
    expect(cookie.error).toMatchObject({ line: 2, column: 14 });
    expect(cookie.error!.text[cookie.error!.column! - 1]).toBe('$');
  });

  it('reports indentation errors in the same form', async () => {
    const result = await checker.check('def run_tool(i, o):\nreturn 1\n');
    expect(result.errorSummary).toBe(
      'SyntaxError: expected an indented block after function definition on line 1 (line 2, col 1)\nreturn 1',
    );
  });

  it('honours a coding cookie, as the harness import does', async () => {
    const latin1 = Buffer.from('# -*- coding: latin-1 -*-\nx = "\u00e5"\n', 'latin1').toString('latin1');
    expect((await checker.check(latin1)).isValid).toBe(true);
    expect((await checker.check('# -*- coding: nonexistent -*-\nx = 1\n')).errorSummary).toMatch(
      /^SyntaxError: unknown encoding: nonexistent \(line 1, col 1\)$/,
    );
  });

  it('rejects null bytes with their position, without starting a process', async () => {
    const result = await checker.check('x = 1\ny = "a\0b"\n');
    expect(result).toEqual({
      isValid: false,
      errorSummary: 'SyntaxError: source code cannot contain null bytes (line 2, col 7)\ny = "a\\0b"',
      error: { message: 'source code cannot contain null bytes', line: 2, column: 7, text: 'y = "a\\0b"' },
    });
  });

  it('survives hostile source: deep nesting, huge expressions, huge constants, 1 MB of code', async () => {
    const started = performance.now();
    const nested = await checker.check(`x = ${'('.repeat(100_000)}`);
    expect(nested.errorSummary).toMatch(/^SyntaxError: too many nested parentheses \(line 1, col \d+\)\n/);
    expect(nested.errorSummary!.length).toBeLessThan(400); // the 100 000-character line is cut
    const unary = await checker.check(`x = ${'-'.repeat(1_000_000)}1`);
    expect(unary).toEqual({
      isValid: false,
      errorSummary: 'SyntaxError: the source is too deeply nested or too large to compile',
      error: {
        message: 'the source is too deeply nested or too large to compile',
        line: null,
        column: null,
        text: '',
      },
    });
    const chain = await checker.check(`x = ${Array(300_000).fill('1').join('+')}`);
    expect(chain.isValid).toBe(false);
    expect((await checker.check('x = 10**10**10\ny = "a" * 10**12\n')).isValid).toBe(true);
    const megabyte = Array.from(
      { length: 40_000 },
      (_, i) => `value_${i} = [${i}, "${'x'.repeat(10)}"]`,
    ).join('\n');
    expect(megabyte.length).toBeGreaterThan(1_000_000);
    expect((await checker.check(megabyte)).isValid).toBe(true);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(processesInUidRange(UIDS)).toEqual([]);
  });

  it('fails closed when compiling needs more than its limits', async () => {
    const tight = new PythonSyntaxChecker({
      python: PYTHON,
      uidRange: UIDS,
      limits: { memoryBytes: 64 << 20 },
    });
    const source = Array.from({ length: 40_000 }, (_, i) => `value_${i} = [${i}, "${'x'.repeat(10)}"]`).join(
      '\n',
    );
    expect(await tight.check(source)).toMatchObject({
      isValid: false,
      errorSummary: 'SyntaxError: the source is too deeply nested or too large to compile',
      error: { line: null, column: null },
    });
    const slow = new PythonSyntaxChecker({ python: PYTHON, uidRange: UIDS, limits: { wallMs: 50 } });
    expect((await slow.check(source)).errorSummary).toBe(
      'SyntaxError: the source is too deeply nested or too large to compile',
    );
  });

  it('checks concurrently', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => checker.check(`x = ${i}\n`)));
    expect(results.every((result) => result.isValid)).toBe(true);
  });
});
