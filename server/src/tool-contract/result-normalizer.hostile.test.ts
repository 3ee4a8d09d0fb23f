import { describe, expect, it } from 'vitest';
import { parseJsonExact, stringifyJsonExact } from '@skriptoteket/contracts/json-exact';
import { FIRST, ACTION, result, notice, bytes } from './result-normalizer.fixtures';
import { normalizeResult } from './result-normalizer';

describe('hostile and repeated input', () => {
  it('is deterministic and leaves its input untouched', () => {
    const raw = () =>
      result({
        outputs: [
          { kind: 'json', value: { b: [3, 2, 1], a: { d: 1, c: 2 } } },
          { kind: 'table', columns: [{ key: 'x', label: 'X' }], rows: [{ x: 'å'.repeat(400), y: 1 }] },
          { kind: 'vega_lite', spec: { data: { url: 'https://x.test' } } },
          ...Array.from({ length: 55 }, (_, i) => notice(`n${i}`)),
        ],
        next_actions: [
          { action_id: 'z', label: 'Z' },
          { action_id: 'y', label: 'Y', prefill: { q: 1 } },
        ],
        state: { b: 1, a: 2 },
      });
    const input = raw();
    const first = stringifyJsonExact(normalizeResult(input, FIRST));
    expect(input).toStrictEqual(raw());
    expect(stringifyJsonExact(normalizeResult(raw(), FIRST))).toBe(first);
    expect(stringifyJsonExact(normalizeResult(parseJsonExact(stringifyJsonExact(raw())), FIRST))).toBe(first);
  });

  it('treats prototype keys everywhere as plain data and never changes Object.prototype', () => {
    const text =
      '{"contract_version":2,"status":"succeeded","error_summary":null,"__proto__":{"polluted":1},' +
      '"outputs":[{"kind":"json","value":{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}}}},' +
      '{"kind":"__proto__"},{"kind":"constructor"}],' +
      '"next_actions":[{"action_id":"__proto__","label":"P","prefill":{"__proto__":1}}],' +
      '"state":{"__proto__":{"polluted":4},"toString":5},"artifacts":[]}';
    const normalized = normalizeResult(parseJsonExact(text), FIRST);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toStrictEqual([]);
    expect(stringifyJsonExact(normalized.payload)).toBe(
      '{"contract_version":2,"outputs":[' +
        '{"kind":"json","value":{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}}}},' +
        '{"kind":"notice","level":"warning","message":"System notice: output 2 was invalid and is not shown: unknown kind \\"__proto__\\"."},' +
        '{"kind":"notice","level":"warning","message":"System notice: output 3 was invalid and is not shown: unknown kind \\"constructor\\"."},' +
        '{"kind":"notice","level":"warning","message":"System notice: next action \\"__proto__\\" was cut: prefill \\"__proto__\\" (unknown field) dropped."}],' +
        '"next_actions":[{"action_id":"__proto__","label":"P","kind":"form","fields":[],"prefill":{}}],' +
        '"state":{"__proto__":{"polluted":4},"toString":5}}',
    );
  });

  it('handles 10 MB strings in every place quickly', () => {
    const huge = 'x'.repeat(10_000_000);
    const raw = result({
      status: 'failed',
      error_summary: huge,
      outputs: [
        { kind: 'markdown', markdown: huge },
        { kind: 'notice', level: 'info', message: huge },
        { kind: 'json', title: 't', value: huge },
        { kind: 'table', columns: [{ key: huge, label: huge }], rows: [{ [huge]: huge }] },
      ],
      next_actions: [{ action_id: huge, label: 'L' }],
      state: { [huge]: huge },
    });
    const started = performance.now();
    const normalized = normalizeResult(raw, ACTION);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(normalized.errorSummary).toBe(`${'x'.repeat(999)}…`);
    expect(normalized.payload.state).toStrictEqual({});
    expect(bytes(normalized.payload)).toBeLessThanOrEqual(262_144);
    expect(normalized.payload.outputs.length).toBeLessThanOrEqual(50);
  });
});
