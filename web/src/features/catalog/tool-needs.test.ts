import { describe, expect, it } from 'vitest';
import { describeInputs, fileCountKey } from './tool-needs';

const limits = { maxFiles: 5, maxFileBytes: 10_000_000, maxTotalBytes: 50_000_000 };

describe('describeInputs', () => {
  it('lists fields in order with kind, required mark, help, options and files', () => {
    const needs = describeInputs(
      [
        {
          name: 'size',
          label: 'Gruppstorlek',
          kind: 'integer',
          required: true,
          help: 'Antal elever per grupp.',
        },
        {
          name: 'mode',
          label: 'Fördelning',
          kind: 'enum',
          options: [
            { value: 'random', label: 'Slumpvis' },
            { value: 'alpha', label: 'I bokstavsordning' },
          ],
        },
        { name: 'list', label: 'Klasslista', kind: 'file', min: 1, max: 20, accept: ['.xlsx', '.csv'] },
      ],
      limits,
    );

    expect(needs.map((n) => [n.label, n.kind, n.isRequired])).toEqual([
      ['Gruppstorlek', 'integer', true],
      ['Fördelning', 'enum', false],
      ['Klasslista', 'file', true],
    ]);
    expect(needs[0]?.help).toBe('Antal elever per grupp.');
    expect(needs[1]?.options).toEqual(['Slumpvis', 'I bokstavsordning']);
    // The server accepts at most 5 files per run, whatever the field says.
    expect(needs[2]?.files).toEqual({ min: 1, max: 5, accept: ['.xlsx', '.csv'] });
  });

  it('uses the contract defaults for a file field and skips entries it does not understand', () => {
    const needs = describeInputs(
      [
        { name: 'f', label: 'Fil', kind: 'file' },
        null,
        { name: 'x', label: 'X', kind: 'hologram' },
        { label: 'Y' },
      ],
      limits,
    );
    expect(needs).toHaveLength(1);
    expect(needs[0]?.files).toEqual({ min: 0, max: 1, accept: [] });
    expect(needs[0]?.isRequired).toBe(false);
  });
});

describe('fileCountKey', () => {
  it('picks the sentence for exact, up-to and range counts', () => {
    expect(fileCountKey({ min: 1, max: 1 })).toEqual({ key: 'catalog.tool.fileCountExact', n: 1 });
    expect(fileCountKey({ min: 0, max: 3 })).toEqual({ key: 'catalog.tool.fileCountUpTo', n: 3 });
    expect(fileCountKey({ min: 2, max: 4 })).toEqual({ key: 'catalog.tool.fileCountRange', n: 4 });
  });
});
