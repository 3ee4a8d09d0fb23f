import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonSyntaxChecker } from './python-syntax.checker';
import { PYTHON } from './sandbox.test-kit';

/** The editor's diagnostics: found by parsing in the sandbox, never by running the source. */
const checker = new PythonSyntaxChecker({ python: PYTHON, uidRange: [306_000, 307_000] });
const codes = async (source: string, entrypoint = 'run_tool') =>
  (await checker.diagnose(source, entrypoint)).map((f) => `${f.code}@${f.line}:${f.column}`);

describe('PythonSyntaxChecker.diagnose', () => {
  it('finds undefined names and unused imports with pyflakes, under the name itself', async () => {
    const source =
      'import os, sys\n\ndef run_tool(input_dir, output_dir):\n    return hälsning + str(len(sys.argv))\n';
    const findings = await checker.diagnose(source, 'run_tool');
    expect(findings).toEqual([
      {
        code: 'UnusedImport',
        severity: 'warning',
        line: 1,
        column: 8,
        endLine: 1,
        endColumn: 10,
        args: ['os'],
      },
      {
        code: 'UndefinedName',
        severity: 'error',
        line: 4,
        column: 12,
        endLine: 4,
        endColumn: 20,
        args: ['hälsning'],
      },
    ]);
  });

  it('reports a syntax error at its place, and nothing else', async () => {
    expect(await codes('def run_tool(i, o):\n    x = = 1\n')).toEqual(['syntax-error@2:9']);
  });

  it('reports a missing, async or wrongly shaped entrypoint', async () => {
    expect(await codes('def main(i, o):\n    return ""\n')).toEqual(['entrypoint-missing@1:1']);
    expect(await codes('def main(i, o):\n    return ""\n', 'main')).toEqual([]);
    expect(await codes('async def run_tool(i, o):\n    return ""\n')).toEqual(['entrypoint-async@1:11']);
    expect(await codes('def run_tool(input_dir):\n    return ""\n')).toEqual(['entrypoint-signature@1:5']);
    expect(await codes('def run_tool(i, o, extra):\n    return ""\n')).toEqual(['entrypoint-signature@1:5']);
    expect(await codes('def run_tool(i, o, extra=1, *rest):\n    return ""\n')).toEqual([]);
  });

  it('warns about network, other programs and writes outside the output folder', async () => {
    const source = [
      'import os, subprocess, urllib.parse, urllib.request',
      'from http import client',
      'def run_tool(input_dir, output_dir):',
      '    os.system("ls")',
      '    open("/etc/hosts", "w").write("x")',
      '    open("rapport.txt", mode="a").write("x")',
      '    open("/work/output/ok.txt", "w").write("x")',
      '    open("/tmp/scratch", "w").write("x")',
      '    open(os.path.join(output_dir, "ok.txt"), "w").write("x")',
      '    open("/etc/hosts").read()',
      '    return subprocess, urllib.parse, urllib.request, client',
    ].join('\n');
    expect(await codes(source)).toEqual([
      'network@1:1',
      'network@2:1',
      'subprocess@4:5',
      'write-outside-output@5:10',
      'write-outside-output@6:10',
    ]);
  });

  it('never runs hostile source: module code, decorators and defaults stay unexecuted', async () => {
    const marker = path.join(os.tmpdir(), `skt-diagnose-${process.pid}-${Date.now()}`);
    const source = [
      'import os',
      `open(${JSON.stringify(marker)}, "w").write("ran")`,
      `os.system("touch ${marker}-2")`,
      'def run_tool(i, o=__import__("os").system("id")):',
      '    return ""',
    ].join('\n');
    const findings = await checker.diagnose(source, 'run_tool');
    // /tmp is writable scratch in the sandbox, so only os.system is worth a warning.
    expect(findings.map((f) => f.code)).toEqual(['subprocess']);
    expect(fs.existsSync(marker)).toBe(false);
    expect(fs.existsSync(`${marker}-2`)).toBe(false);
  });

  it('contains source built to exhaust the parser: an answer, not a crash', async () => {
    const nested = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    const [finding] = await checker.diagnose(nested, 'run_tool');
    expect(['syntax-error', 'too-complex']).toContain(finding!.code);
    const huge = `def run_tool(i, o):\n    return ${'1 + '.repeat(100_000)}1\n`;
    const result = await checker.diagnose(huge, 'run_tool');
    expect(Array.isArray(result)).toBe(true);
    expect(await checker.diagnose('x = 1\0\n', 'run_tool')).toMatchObject([
      { code: 'syntax-error', line: 1 },
    ]);
  });
});
