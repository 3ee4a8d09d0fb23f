import { STARTER_TEMPLATE } from '@skriptoteket/contracts/starter-template';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTRACT_ENV, sandboxKit } from './sandbox.test-kit';

/** The studio's starter template is a working tool: it runs in the real sandbox on a sample file, both steps. */
const kit = sandboxKit([308_000, 309_000]);
afterAll(() => kit.close());

const names = 'Alva\nBo\n\nÅsa\n';
const manifest = JSON.stringify({
  files: [{ name: 'klass.txt', path: '/work/input/klass.txt', bytes: Buffer.byteLength(names) }],
});

describe('the starter template', () => {
  it('reads the form and the file, answers with a notice, a table and markdown, a CSV and a next step', async () => {
    const { result, resultDoc, listing } = await kit.run(STARTER_TEMPLATE.sourceCode, {
      files: [{ name: 'klass.txt', data: Buffer.from(names) }],
      env: {
        ...CONTRACT_ENV,
        SKRIPTOTEKET_INPUTS: '{"rubrik":"Klass 7B"}',
        SKRIPTOTEKET_INPUT_MANIFEST: manifest,
      },
    });
    expect(resultDoc?.status, result.stderr).toBe('succeeded');
    const doc = resultDoc as unknown as {
      outputs: { kind: string; title?: string; rows?: unknown[] }[];
      next_actions: { action_id: string }[];
      state: { namn: string[] };
    };
    expect(doc.outputs.map((o) => o.kind)).toEqual(['notice', 'table', 'markdown']);
    expect(doc.outputs[1]).toMatchObject({
      title: 'Klass 7B',
      rows: [
        { nr: 1, namn: 'Alva' },
        { nr: 2, namn: 'Bo' },
        { nr: 3, namn: 'Åsa' },
      ],
    });
    expect(doc.next_actions.map((a) => a.action_id)).toEqual(['halsa']);
    expect(doc.state).toEqual({ namn: ['Alva', 'Bo', 'Åsa'] });
    expect('files' in listing && listing.files.map((f) => f.relPath)).toEqual(['namnlista.csv']);
  });

  it('runs its next step on the saved state, and tells the user when the file is missing', async () => {
    const action = JSON.stringify({
      action_id: 'halsa',
      input: { halsning: 'Hejsan' },
      state: { namn: ['Alva', 'Bo'] },
    });
    const step = await kit.run(STARTER_TEMPLATE.sourceCode, {
      env: { ...CONTRACT_ENV, SKRIPTOTEKET_ACTION: action },
    });
    expect(step.resultDoc?.status, step.result.stderr).toBe('succeeded');
    expect(step.resultDoc?.outputs).toEqual([{ kind: 'markdown', markdown: '- Hejsan Alva!\n- Hejsan Bo!' }]);
    const missing = await kit.run(STARTER_TEMPLATE.sourceCode);
    expect(missing.resultDoc).toMatchObject({
      status: 'failed',
      error_summary: 'Ladda upp en textfil med ett namn per rad.',
    });
  });
});
