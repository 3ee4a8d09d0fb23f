import type { VegaLiteOutput } from '@skriptoteket/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountResult } from '../../../test/run-result-fixtures';
import ChartResult from './ChartResult.vue';

/* The real libraries draw in a browser (the e2e test); here only the call that keeps the CSP intact is checked. */
const embed = vi.hoisted(() => vi.fn());
const interpreter = vi.hoisted(() => ({ name: 'expression interpreter' }));
vi.mock('vega-embed', () => ({ default: embed }));
vi.mock('vega-interpreter', () => ({ expressionInterpreter: interpreter }));

afterEach(() => {
  embed.mockReset();
  document.body.innerHTML = '';
});

const output: VegaLiteOutput = {
  kind: 'vega_lite',
  spec: {
    title: 'Närvaro per klass',
    description: 'Staplar med närvaro i procent för 9A och 9B.',
    mark: 'bar',
    data: {
      values: [
        { klass: '9A', procent: 91.5 },
        { klass: '9B', procent: 87, elever: 123456789012345678901234567890n },
      ],
    },
    encoding: { x: { field: 'klass', type: 'nominal' }, y: { field: 'procent', type: 'quantitative' } },
    usermeta: { embedOptions: { ast: false, actions: true, tooltip: true, renderer: 'canvas' } },
  },
};

describe('ChartResult', () => {
  it('draws with the interpreter, no style element, tooltip or menu, as SVG, from inline data only', async () => {
    const finalize = vi.fn();
    embed.mockResolvedValue({ finalize });
    const wrapper = mountResult(ChartResult, { output });
    await flushPromises();

    expect(embed).toHaveBeenCalledTimes(1);
    const [el, spec, options] = embed.mock.calls[0] as [
      HTMLElement,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    // Drawn inside the named image, never into it: Vega relabels the element it draws into.
    expect(el.parentElement).toBe(wrapper.get('[role="img"]').element);
    expect(options).toMatchObject({
      ast: true,
      expr: interpreter,
      defaultStyle: false,
      tooltip: false,
      actions: false,
      renderer: 'svg',
    });
    await expect(
      (options['loader'] as { load(uri: string): Promise<string> }).load('https://x.example/d.csv'),
    ).rejects.toThrow('inline data');
    // The spec cannot override the options through usermeta.embedOptions.
    expect(spec).not.toHaveProperty('usermeta');
    expect(spec).toMatchObject({ mark: 'bar', title: 'Närvaro per klass' });
    // Vega cannot do arithmetic on bigint: it gets the nearest number, the stored spec stays exact.
    expect((spec['data'] as { values: Record<string, unknown>[] }).values[1]!['elever']).toBe(
      1.2345678901234568e29,
    );
    expect(output.spec['data']).toMatchObject({ values: [{}, { elever: 123456789012345678901234567890n }] });

    wrapper.unmount();
    expect(finalize).toHaveBeenCalled();
  });

  it('names the chart by its title, describes it, and offers its data as a table', async () => {
    embed.mockResolvedValue({ finalize: vi.fn() });
    const wrapper = mountResult(ChartResult, { output });
    await flushPromises();
    const image = wrapper.get('[role="img"]');
    expect(image.attributes('aria-label')).toBe('Närvaro per klass');
    expect(image.attributes('aria-busy')).toBe('false');
    expect(document.getElementById(image.attributes('aria-describedby')!)?.textContent).toBe(
      'Staplar med närvaro i procent för 9A och 9B.',
    );

    const showData = wrapper.findAll('button').find((b) => b.text() === 'Visa diagrammets data som tabell')!;
    expect(showData.attributes('aria-expanded')).toBe('false');
    await showData.trigger('click');
    expect(wrapper.get('h3.result-table__title').text()).toBe('Diagrammets data: Närvaro per klass');
    expect(wrapper.findAll('tbody tr').map((tr) => tr.text())).toEqual([
      '9A91.5',
      '9B87123456789012345678901234567890',
    ]);
  });

  it('is called "Diagram" without a title, and opens the data table by itself when drawing fails', async () => {
    embed.mockRejectedValue(new Error('Unrecognized signal name'));
    const { title: _title, description: _description, ...spec } = output.spec;
    const wrapper = mountResult(ChartResult, { output: { kind: 'vega_lite', spec } });
    await flushPromises();
    expect(wrapper.get('[role="img"]').attributes('aria-label')).toBe('Diagram');
    expect(wrapper.get('.message--warning').text()).toContain('Diagrammet kunde inte visas.');
    expect(wrapper.findAll('tbody tr')).toHaveLength(2);
  });

  it('shows "Ritar diagrammet" until the chart is drawn', async () => {
    let resolve: (value: unknown) => void = () => undefined;
    embed.mockReturnValue(new Promise((r) => (resolve = r)));
    const wrapper = mountResult(ChartResult, { output });
    await flushPromises();
    expect(wrapper.text()).toContain('Ritar diagrammet …');
    resolve({ finalize: vi.fn() });
    await flushPromises();
    expect(wrapper.text()).not.toContain('Ritar diagrammet');
  });
});
