import { describe, expect, it } from 'vitest';
import { parseDiagnosticsReport } from '../sandbox/python-diagnostics';
import { describeFinding, findingCode } from './diagnostics.model';

const report = (diagnostics: unknown) => JSON.stringify({ diagnostics });

describe('reading the diagnostics report', () => {
  it('turns 0-based columns into 1-based ones and keeps the end only when it is whole', () => {
    const findings = parseDiagnosticsReport(
      report([
        {
          code: 'UndefinedName',
          severity: 'error',
          line: 3,
          col: 11,
          endLine: 3,
          endCol: 19,
          args: ['hälsning'],
        },
        {
          code: 'entrypoint-missing',
          severity: 'error',
          line: 1,
          col: 0,
          endLine: null,
          endCol: null,
          args: ['run_tool'],
        },
      ]),
    );
    expect(findings).toEqual([
      {
        code: 'UndefinedName',
        severity: 'error',
        line: 3,
        column: 12,
        endLine: 3,
        endColumn: 20,
        args: ['hälsning'],
      },
      {
        code: 'entrypoint-missing',
        severity: 'error',
        line: 1,
        column: 1,
        endLine: null,
        endColumn: null,
        args: ['run_tool'],
      },
    ]);
  });

  it('drops malformed findings and answers null for output that is no report', () => {
    const findings = parseDiagnosticsReport(
      report([
        { code: 'x', severity: 'fatal', line: 1, col: 0 },
        { code: 'ok', severity: 'warning', line: 0, col: 0 },
        { code: '<script>', severity: 'warning', line: 1, col: 0 },
        { code: 'UnusedImport', severity: 'warning', line: 2, col: 1.5 },
        'nonsense',
        {
          code: 'UnusedImport',
          severity: 'warning',
          line: 2,
          col: 0,
          endLine: 1,
          endCol: 4,
          args: [7, 'os'],
        },
      ]),
    );
    expect(findings).toEqual([
      {
        code: 'UnusedImport',
        severity: 'warning',
        line: 2,
        column: 1,
        endLine: null,
        endColumn: null,
        args: ['os'],
      },
    ]);
    expect(parseDiagnosticsReport('Traceback (most recent call last)')).toBeNull();
    expect(parseDiagnosticsReport('{"ok": true}')).toBeNull();
    expect(
      parseDiagnosticsReport(
        report(Array.from({ length: 500 }, () => ({ code: 'a', severity: 'info', line: 1, col: 0 }))),
      ),
    ).toHaveLength(200);
  });
});

describe('describing findings', () => {
  const base = { severity: 'error' as const, line: 1, column: 1, endLine: null, endColumn: null };

  it('names the finding in Swedish and English with a stable kebab-case code', () => {
    expect(describeFinding({ ...base, code: 'UndefinedName', args: ['elever'] })).toEqual({
      ...base,
      code: 'undefined-name',
      message: { sv: 'Namnet elever är inte definierat.', en: 'The name elever is not defined.' },
    });
    const missing = describeFinding({ ...base, code: 'entrypoint-missing', args: ['main'] });
    expect(missing.code).toBe('entrypoint-missing');
    expect(missing.message.sv).toContain('main(input_dir, output_dir) saknas');
    expect(describeFinding({ ...base, code: 'network', args: ['requests'] }).message.en).toContain(
      'no network',
    );
    expect(describeFinding({ ...base, code: 'write-outside-output', args: ['/etc/x'] }).message.sv).toContain(
      '/etc/x',
    );
  });

  it("keeps pyflakes' own words for findings it has no translation of", () => {
    const other = describeFinding({ ...base, code: 'DuplicateArgument', args: ['x'] });
    expect(other).toMatchObject({ code: 'duplicate-argument', message: { sv: 'DuplicateArgument: x' } });
    expect(findingCode('ImportStarUsed')).toBe('import-star-used');
    expect(describeFinding({ ...base, code: 'toString', args: [] }).message.en).toBe('toString');
  });
});
