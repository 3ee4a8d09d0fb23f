import { afterEach, describe, expect, it } from 'vitest';
import { STARTER_TEMPLATE } from './starter-template';
import { clearWorkingCopy, readWorkingCopy, workingCopyKey, writeWorkingCopy } from './working-copy';

describe('the working copy in the browser', () => {
  afterEach(() => localStorage.clear());

  it('keeps unsaved content per tool and base version, until cleared', () => {
    const copy = {
      content: { ...STARTER_TEMPLATE, sourceCode: 'x = 1\n' },
      savedAt: '2026-12-01T10:00:00.000Z',
    };
    expect(writeWorkingCopy('t1', 'v1', copy)).toBe(true);
    expect(readWorkingCopy('t1', 'v1')).toEqual(copy);
    expect(readWorkingCopy('t1', 'v2')).toBeNull();
    expect(readWorkingCopy('t2', 'v1')).toBeNull();
    writeWorkingCopy('t1', null, copy);
    expect(localStorage.getItem(workingCopyKey('t1', null))).not.toBeNull();
    clearWorkingCopy('t1', 'v1');
    expect(readWorkingCopy('t1', 'v1')).toBeNull();
    expect(readWorkingCopy('t1', null)).toEqual(copy);
  });

  it('ignores what it cannot read instead of breaking the editor', () => {
    localStorage.setItem(workingCopyKey('t1', 'v1'), '{not json');
    expect(readWorkingCopy('t1', 'v1')).toBeNull();
    localStorage.setItem(
      workingCopyKey('t1', 'v1'),
      JSON.stringify({ content: { sourceCode: 1 }, savedAt: 'x' }),
    );
    expect(readWorkingCopy('t1', 'v1')).toBeNull();
  });
});
