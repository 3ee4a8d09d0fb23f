import { describe, expect, it } from 'vitest';
import type { UiPayload } from '@skriptoteket/contracts';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { FIRST, ACTION, result, notice, warning, messages, bytes } from './result-normalizer.fixtures';
import { CONTRACT_VIOLATION, normalizeResult } from './result-normalizer';

describe('the result.json envelope', () => {
  const violation = (state: object | null) => ({
    status: 'failed',
    errorSummary: CONTRACT_VIOLATION,
    payload: { contract_version: 2, outputs: [], next_actions: [], state },
    artifactsClaimed: [],
  });

  it.each([
    ['null', null],
    ['a list', []],
    ['a string', 'ok'],
    ['no contract_version', { ...result(), contract_version: undefined }],
    ['contract_version 1', result({ contract_version: 1 })],
    ['status timed_out', result({ status: 'timed_out' })],
    ['no status', { ...result(), status: undefined }],
    ['an error_summary that is not text', result({ error_summary: 5 })],
    ['a missing error_summary', { ...result(), error_summary: undefined }],
    ['a failed status without error_summary', result({ status: 'failed' })],
    ['a failed status with a blank error_summary', result({ status: 'failed', error_summary: ' ' })],
    ['outputs that are not a list', result({ outputs: { kind: 'markdown' } })],
    ['no next_actions', { ...result(), next_actions: undefined }],
    ['a state that is a list', result({ state: [] })],
    ['a state that is text', result({ state: 'x' })],
    ['no artifacts', { ...result(), artifacts: undefined }],
  ])('with %s is a runner contract violation', (_, raw) => {
    expect(normalizeResult(raw, FIRST)).toStrictEqual(violation(null));
    expect(normalizeResult(raw, ACTION)).toStrictEqual(violation({}));
  });

  it('passes a failed run with its error summary, trimmed and without NUL', () => {
    const normalized = normalizeResult(
      result({ status: 'failed', error_summary: '  Filen\u0000 saknas.  ', outputs: [] }),
      FIRST,
    );
    expect(normalized).toStrictEqual({
      status: 'failed',
      errorSummary: 'Filen saknas.',
      payload: { contract_version: 2, outputs: [], next_actions: [], state: null },
      artifactsClaimed: [],
    });
    expect(
      normalizeResult(
        result({ status: 'failed', error_summary: 'Tool execution failed (ValueError).' }),
        FIRST,
      ).errorSummary,
    ).toBe('Tool execution failed (ValueError).');
  });

  it('caps the error summary at 1 000 characters, counting an emoji as one', () => {
    const long = normalizeResult(result({ status: 'failed', error_summary: '😀'.repeat(1500) }), FIRST);
    expect(long.errorSummary).toBe(`${'😀'.repeat(999)}…`);
    const exact = normalizeResult(result({ status: 'failed', error_summary: 'å'.repeat(1000) }), FIRST);
    expect(exact.errorSummary).toBe('å'.repeat(1000));
  });

  it('ignores an error summary on a succeeded run', () => {
    expect(normalizeResult(result({ error_summary: 'odd' }), FIRST).errorSummary).toBeNull();
  });

  it('keeps only safe artifact claims under output/, sorted by path, first of duplicates', () => {
    const artifacts = [
      { path: 'output/b.txt', bytes: 2 },
      { path: 'output/a/c.txt', bytes: 3 },
      { path: 'output/a-b/x.txt', bytes: 1 },
      { path: 'output/b.txt', bytes: 99 },
      { path: '/etc/passwd', bytes: 1 },
      { path: 'output/../x', bytes: 1 },
      { path: 'output/a/./x', bytes: 1 },
      { path: 'output//x', bytes: 1 },
      { path: 'output/', bytes: 1 },
      { path: 'input/x', bytes: 1 },
      { path: 'output/neg', bytes: -1 },
      { path: 'output/float', bytes: 1.5 },
      { path: 'output/big', bytes: 2n ** 64n },
      { path: 5, bytes: 1 },
      'output/s',
    ];
    expect(normalizeResult(result({ artifacts }), FIRST).artifactsClaimed).toStrictEqual([
      { path: 'output/a-b/x.txt', bytes: 1 },
      { path: 'output/a/c.txt', bytes: 3 },
      { path: 'output/b.txt', bytes: 2 },
    ]);
  });
});

describe('state', () => {
  const offer = [{ action_id: 'next', label: 'Nästa' }];

  it('is left alone (null) by a first run that offers no next actions', () => {
    expect(normalizeResult(result({ state: { a: 1 } }), FIRST).payload.state).toBeNull();
  });

  it('is replaced by a first run that offers next actions and by every action run, null becoming {}', () => {
    expect(
      normalizeResult(result({ state: { b: 1, a: 2 }, next_actions: offer }), FIRST).payload.state,
    ).toStrictEqual({
      a: 2,
      b: 1,
    });
    expect(normalizeResult(result({ state: null, next_actions: offer }), FIRST).payload.state).toStrictEqual(
      {},
    );
    expect(normalizeResult(result({ state: null }), ACTION).payload.state).toStrictEqual({});
    expect(
      normalizeResult(result({ status: 'failed', error_summary: 'x' }), ACTION).payload.state,
    ).toStrictEqual({});
  });

  it('has keys sorted and values capped like json, with a notice', () => {
    const deep = [[[[[[[[[[[1]]]]]]]]]]];
    const normalized = normalizeResult(result({ state: { z: deep, a: { y: 1, x: 2 } } }), ACTION);
    expect(stringifyJsonExact(normalized.payload.state)).toBe(
      '{"a":{"x":2,"y":1},"z":[[[[[[[[[[null]]]]]]]]]]}',
    );
    expect(messages(normalized.payload)).toStrictEqual([
      'System notice: the state was cut: 1 value nested deeper than 10 levels replaced by null.',
    ]);
  });

  it('is dropped when over 64 KiB, and the next step starts from {}', () => {
    const normalized = normalizeResult(result({ state: { blob: 'x'.repeat(65_530) } }), ACTION);
    expect(normalized.payload.state).toStrictEqual({});
    expect(normalized.payload.outputs).toStrictEqual([
      warning(
        'the state was dropped: it is 65 541 bytes (limit 65 536); the next step starts from an empty state.',
      ),
    ]);
    const fits = normalizeResult(result({ state: { blob: 'x'.repeat(65_525) } }), ACTION);
    expect(bytes(fits.payload.state)).toBe(65_536);
    expect(fits.payload.outputs).toStrictEqual([]);
  });

  it('keeps 2**256 + 1 exactly through parse → normalize → stringify → parse (contract example 12)', () => {
    const big = 2n ** 256n + 1n;
    const text = `{"contract_version":2,"status":"succeeded","error_summary":null,"outputs":[],"next_actions":[{"action_id":"again","label":"Igen"}],"state":{"n":${big},"list":[${big}]},"artifacts":[]}`;
    const normalized = normalizeResult(parseJsonExact(text), ACTION);
    const stored = stringifyJsonExact(normalized.payload);
    const reread = parseJsonExact(stored) as unknown as UiPayload;
    expect(reread.state).toStrictEqual({ list: [big], n: big });
    expect(stringifyJsonExact({ action_id: 'again', input: {}, state: reread.state })).toBe(
      `{"action_id":"again","input":{},"state":{"list":[${big}],"n":${big}}}`,
    );
  });
});

describe('outputs in all', () => {
  it('stores a markdown output of 80 000 bytes cut to 65 536 plus a System notice (contract example 10)', () => {
    const normalized = normalizeResult(
      result({ outputs: [{ kind: 'markdown', markdown: 'm'.repeat(80_000) }] }),
      FIRST,
    );
    expect(normalized.status).toBe('succeeded');
    expect(normalized.payload.outputs).toStrictEqual([
      { kind: 'markdown', markdown: 'm'.repeat(65_536) },
      warning('markdown output 1 was cut from 80 000 to 65 536 bytes.'),
    ]);
  });

  it('keeps 50 of 60 notices, the last a System notice saying how many were dropped (contract example 11)', () => {
    const outputs = Array.from({ length: 60 }, (_, i) => notice(`n${i}`));
    const { payload } = normalizeResult(result({ outputs }), FIRST);
    expect(payload.outputs).toHaveLength(50);
    expect(payload.outputs.slice(0, 49)).toStrictEqual(outputs.slice(0, 49));
    expect(payload.outputs[49]).toStrictEqual(
      warning('11 of 60 outputs were dropped (at most 50 outputs in all, system notices included).'),
    );
  });

  it('keeps exactly 50 outputs without a notice, and 49 of 51 with one', () => {
    const outputs = Array.from({ length: 51 }, (_, i) => notice(`n${i}`));
    expect(normalizeResult(result({ outputs: outputs.slice(0, 50) }), FIRST).payload.outputs).toStrictEqual(
      outputs.slice(0, 50),
    );
    expect(messages(normalizeResult(result({ outputs }), FIRST).payload).slice(48)).toStrictEqual([
      'n48',
      'System notice: 2 of 51 outputs were dropped (at most 50 outputs in all, system notices included).',
    ]);
  });

  it('counts the cut notices of kept outputs within the 50', () => {
    const outputs = Array.from({ length: 30 }, () => ({
      kind: 'notice',
      level: 'info',
      message: 'x'.repeat(9000),
    }));
    const { payload } = normalizeResult(result({ outputs }), FIRST);
    expect(payload.outputs).toHaveLength(49);
    expect(messages(payload).slice(24, 26)).toStrictEqual([
      'System notice: notice output 1 was cut from 9 000 to 8 192 bytes.',
      'System notice: notice output 2 was cut from 9 000 to 8 192 bytes.',
    ]);
    expect(messages(payload).at(-1)).toBe(
      'System notice: 6 of 30 outputs were dropped (at most 50 outputs in all, system notices included).',
    );
  });

  it('replaces an invalid output in place and puts every cut notice after the outputs, in a fixed order', () => {
    const raw = result({
      outputs: [
        { kind: 'markdown', markdown: 'a\u0000' },
        { kind: 'chart' },
        { kind: 'html_sandboxed', html: 'h'.repeat(100_000) },
        { kind: 'notice', level: 'info', message: '   ' },
      ],
      next_actions: [
        { action_id: 'b', label: 'B' },
        { action_id: 'b', label: 'B2' },
      ],
      state: { s: '\uD800' },
    });
    const { payload } = normalizeResult(raw, FIRST);
    expect(messages(payload)).toStrictEqual([
      'markdown',
      'System notice: output 2 was invalid and is not shown: unknown kind "chart".',
      'html_sandboxed',
      'System notice: notice output 4 was invalid and is not shown: its message is blank.',
      'System notice: html_sandboxed output 3 was cut from 100 000 to 98 304 bytes.',
      'System notice: 1 next action was invalid and not offered: next action 2: the action_id "b" is used twice.',
      'System notice: 1 NUL character (U+0000) was removed from the result.',
      'System notice: 1 broken character (lone UTF-16 surrogates) was replaced by U+FFFD.',
    ]);
    expect(payload.outputs[0]).toStrictEqual({ kind: 'markdown', markdown: 'a' });
    expect(payload.state).toStrictEqual({ s: '\uFFFD' });
    expect(payload.next_actions).toStrictEqual([
      { action_id: 'b', label: 'B', kind: 'form', fields: [], prefill: {} },
    ]);
  });

  it('never stores NUL anywhere, keys included', () => {
    const raw = result({
      outputs: [{ kind: 'json', value: { 'k\u0000': 'v\u0000' } }],
      next_actions: [{ action_id: 'a\u0000', label: 'A' }],
      state: { '\u0000': 1 },
    });
    const stored = stringifyJsonExact(normalizeResult(raw, FIRST).payload);
    expect(stored).not.toContain('\\u0000');
    expect(stored).toContain('System notice: 4 NUL characters (U+0000) were removed from the result.');
  });

  it('reports values nested deeper than the harness ever writes', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const { payload } = normalizeResult(result({ outputs: [{ kind: 'json', value: deep }] }), FIRST);
    expect(messages(payload)).toStrictEqual([
      'json',
      'System notice: json output 1 was cut: 1 value nested deeper than 10 levels replaced by null.',
      'System notice: 1 value nested deeper than 64 levels became null.',
    ]);
  });
});

describe('the payload budget of 256 KiB', () => {
  const html = (n: number, c = 'h') => ({ kind: 'html_sandboxed', html: c.repeat(n) });

  it('drops the largest outputs until the payload fits, and names them', () => {
    const { payload } = normalizeResult(
      result({ outputs: [html(90_000, 'a'), html(95_000, 'b'), html(90_000, 'c')] }),
      FIRST,
    );
    expect(payload.outputs).toStrictEqual([
      html(90_000, 'a'),
      html(90_000, 'c'),
      warning(
        'the stored result must stay within 262 144 bytes, so 1 part was dropped: output 2 (95 035 bytes).',
      ),
    ]);
    // frame 66 + 2 × 90 035 + notice 160 + 2 commas
    expect(bytes(payload)).toBe(180_298);
  });

  it('drops the later of equal outputs first, and its cut notice with it', () => {
    const { payload } = normalizeResult(
      result({ outputs: [html(98_304), html(98_304), html(100_000)] }),
      FIRST,
    );
    expect(messages(payload)).toStrictEqual([
      'html_sandboxed',
      'html_sandboxed',
      'System notice: the stored result must stay within 262 144 bytes, so 1 part was dropped: output 3 (98 339 bytes).',
    ]);
  });

  it('drops a huge table whole', () => {
    const columns = Array.from({ length: 40 }, (_, i) => ({ key: `c${i}`, label: `C${i}` }));
    const row = Object.fromEntries(columns.map(({ key }) => [key, 'x'.repeat(600)]));
    const table = { kind: 'table', columns, rows: Array.from({ length: 800 }, () => row) };
    const started = performance.now();
    const { payload } = normalizeResult(result({ outputs: [table, notice('kvar')] }), FIRST);
    expect(messages(payload)).toStrictEqual([
      'kvar',
      'System notice: the stored result must stay within 262 144 bytes, so 1 part was dropped: output 1 (15 625 137 bytes).',
    ]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('drops next actions when the outputs are not enough', () => {
    const actions = [
      { action_id: 'a', label: 'a'.repeat(200_000) },
      { action_id: 'b', label: 'b'.repeat(100_000) },
    ];
    const { payload } = normalizeResult(result({ next_actions: actions, state: { k: 1 } }), FIRST);
    expect(payload.next_actions.map((a) => a.action_id)).toStrictEqual(['b']);
    expect(payload.state).toStrictEqual({ k: 1 });
    expect(messages(payload)).toStrictEqual([
      'System notice: the stored result must stay within 262 144 bytes, so 1 part was dropped: next action "a" (200 067 bytes).',
    ]);
    expect(bytes(payload)).toBeLessThanOrEqual(262_144);
  });
});
