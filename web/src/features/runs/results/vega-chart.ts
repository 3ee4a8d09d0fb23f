import type { EmbedOptions } from 'vega-embed';

export interface DrawnChart {
  finalize(): void;
}

/* Charts draw from inline data only (the server removed every url); anything that still asks for a file,
 * an image or a link is refused here rather than left to the CSP. */
const refuse = () => Promise.reject(new Error('Charts may only use inline data.'));
const inlineOnlyLoader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/**
 * Draws a Vega-Lite spec into `el` under the app's strict CSP (no 'unsafe-eval'): expressions go through
 * vega-interpreter (`ast`) instead of generated functions, and vega-embed adds no style element, tooltip
 * handler or menu. The libraries (~300 kB gzip) load here, on the first chart, never with the app.
 */
export async function drawChart(el: HTMLElement, spec: Record<string, unknown>): Promise<DrawnChart> {
  // vega-embed lets `usermeta.embedOptions` in the spec override the options below (ast, actions, tooltip…):
  // a tool must not be able to switch the safeguards off.
  const { usermeta: _usermeta, ...drawable } = spec;
  const [{ default: embed }, { expressionInterpreter }] = await Promise.all([
    import('vega-embed'),
    import('vega-interpreter'),
  ]);
  const options: EmbedOptions = {
    ast: true,
    expr: expressionInterpreter,
    defaultStyle: false,
    tooltip: false,
    actions: false,
    renderer: 'svg',
    loader: inlineOnlyLoader,
  };
  return embed(el, drawable, options);
}
