import type { UiOutput } from '@skriptoteket/contracts';
import type { Component } from 'vue';
import ChartResult from './ChartResult.vue';
import HtmlResult from './HtmlResult.vue';
import JsonResult from './JsonResult.vue';
import MarkdownResult from './MarkdownResult.vue';
import NoticeResult from './NoticeResult.vue';
import TableResult from './TableResult.vue';

export interface RenderedOutput {
  component: Component;
  props: Record<string, unknown>;
}

/** Where the server serves an `html_sandboxed` output for its frame (`index` counts from 0 in `outputs`). */
export const htmlOutputUrl = (runId: string, index: number) =>
  `/api/v1/runs/${encodeURIComponent(runId)}/outputs/${index}/html`;

/** The component and props for each output kind (TOOL-CONTRACT.md §3); null for a kind this app cannot show. */
export function rendererFor(
  output: UiOutput,
  runId: string,
  index: number,
  htmlUrl: (runId: string, index: number) => string = htmlOutputUrl,
): RenderedOutput | null {
  switch (output.kind) {
    case 'notice':
      return { component: NoticeResult, props: { output } };
    case 'markdown':
      return { component: MarkdownResult, props: { output } };
    case 'table':
      return { component: TableResult, props: { output } };
    case 'json':
      return { component: JsonResult, props: { output } };
    case 'html_sandboxed':
      return { component: HtmlResult, props: { src: htmlUrl(runId, index), position: index + 1 } };
    case 'vega_lite':
      return { component: ChartResult, props: { output } };
    default:
      return null;
  }
}
