import { describe, expect, it } from 'vitest';
import { additionDiff, parseUnifiedDiff, toDiffViewFiles } from './unified-diff';

/** What the server's diff library prints for script.py (version 1 → 2). */
const jsdiffPatch = [
  '===================================================================',
  '--- v1/script.py',
  '+++ v2/script.py',
  '@@ -1,2 +1,4 @@',
  '+import csv',
  ' def run_tool(inputs):',
  '-    return {"outputs": []}',
  '+    x = 1',
  '+    return {"outputs": []}',
  '\\ No newline at end of file',
  '',
].join('\n');

const rows = (patch: string) =>
  parseUnifiedDiff(patch).lines.map((l) => [l.kind, l.oldNumber, l.newNumber, l.text]);

describe('parseUnifiedDiff', () => {
  it('skips file headers and numbers old and new lines', () => {
    expect(rows(jsdiffPatch)).toEqual([
      ['hunk', null, null, '@@ -1,2 +1,4 @@'],
      ['add', null, 1, 'import csv'],
      ['context', 1, 2, 'def run_tool(inputs):'],
      ['del', 2, null, '    return {"outputs": []}'],
      ['add', null, 3, '    x = 1'],
      ['add', null, 4, '    return {"outputs": []}'],
      ['note', null, null, 'No newline at end of file'],
    ]);
  });

  it('counts added and removed lines', () => {
    expect(parseUnifiedDiff(jsdiffPatch)).toMatchObject({ additions: 3, deletions: 1 });
  });

  it('reads a removed line that itself starts with "--" as a removal, not a file header', () => {
    const patch = [
      '--- a/x.md',
      '+++ b/x.md',
      '@@ -1,2 +1,2 @@',
      '--- rubrik',
      '+++ rubrik',
      ' text',
      '',
    ].join('\n');

    expect(rows(patch)).toEqual([
      ['hunk', null, null, '@@ -1,2 +1,2 @@'],
      ['del', 1, null, '-- rubrik'],
      ['add', null, 1, '++ rubrik'],
      ['context', 2, 2, 'text'],
    ]);
  });

  it('follows the line numbers of several hunks, including ones without counts', () => {
    const patch = ['@@ -3 +3 @@', '-a', '+b', '@@ -10,2 +10,3 @@', ' c', '+d', ' e', ''].join('\n');

    expect(rows(patch).filter(([kind]) => kind !== 'hunk')).toEqual([
      ['del', 3, null, 'a'],
      ['add', null, 3, 'b'],
      ['context', 10, 10, 'c'],
      ['add', null, 11, 'd'],
      ['context', 11, 12, 'e'],
    ]);
  });

  it('starts an empty side at line 1', () => {
    expect(rows('@@ -0,0 +1,2 @@\n+ett\n+två\n').slice(1)).toEqual([
      ['add', null, 1, 'ett'],
      ['add', null, 2, 'två'],
    ]);
  });

  it('treats an empty line inside a hunk as context and an empty patch as no lines', () => {
    expect(rows('@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n').slice(1, 3)).toEqual([
      ['context', 1, 1, 'a'],
      ['context', 2, 2, ''],
    ]);
    expect(parseUnifiedDiff('')).toEqual({ lines: [], additions: 0, deletions: 0 });
  });
});

describe('additionDiff and toDiffViewFiles', () => {
  it('shows a whole file as added lines', () => {
    expect(additionDiff('a\nb\n')).toEqual({
      lines: [
        { kind: 'add', text: 'a', oldNumber: null, newNumber: 1 },
        { kind: 'add', text: 'b', oldNumber: null, newNumber: 2 },
      ],
      additions: 2,
      deletions: 0,
    });
  });

  it('parses changed files and leaves unchanged ones empty', () => {
    const files = toDiffViewFiles([
      { name: 'script.py', patch: jsdiffPatch, isChanged: true },
      { name: 'entrypoint.txt', patch: '', isChanged: false },
    ]);

    expect(files.map((f) => [f.name, f.isChanged, f.diff.additions, f.diff.lines.length])).toEqual([
      ['script.py', true, 3, 7],
      ['entrypoint.txt', false, 0, 0],
    ]);
  });
});
