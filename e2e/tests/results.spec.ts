import path from 'node:path';
import { expect, test } from '@playwright/test';
import {
  hasNoPageScroll,
  publishTool,
  py,
  screenshots,
  seriousViolations,
  signIn,
  unique,
  watchCsp,
} from './run-helpers';

/**
 * A result with a tool's own HTML and a chart renders under the app's strict CSP: the HTML keeps its inline
 * styles in a sandboxed frame of its own origin where no script runs, the chart draws without `unsafe-eval`,
 * and the browser reports no CSP violation anywhere.
 */
const REPORT = py([
  'def run_tool(input_dir, output_dir):',
  '    html = """<style>h2 { color: rgb(180, 0, 0); }</style>',
  '<h2 id="rubrik">Veckans närvaro</h2>',
  '<p>Tabellen nedan visar närvaron.</p>',
  '<script>document.title = "skript körde"; parent.postMessage("skript körde", "*");</script>',
  '<img src="data:," alt="" onerror="parent.postMessage(\'onerror körde\', \'*\')">',
  '<meta http-equiv="refresh" content="0; url=https://example.org/">"""',
  '    chart = {',
  '        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",',
  '        "title": "Närvaro per dag",',
  '        "data": {"values": [{"dag": d, "andel": a} for d, a in [("mån", 92), ("tis", 88), ("ons", 95)]]},',
  '        "mark": "bar",',
  '        "encoding": {"x": {"field": "dag", "type": "nominal"}, "y": {"field": "andel", "type": "quantitative"}},',
  '    }',
  '    return {"outputs": [',
  '        {"kind": "html_sandboxed", "html": html},',
  '        {"kind": "vega_lite", "spec": chart},',
  '    ]}',
]);

test('an HTML output and a chart render with zero CSP violations and no script running from the HTML', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const violations = await watchCsp(page);
  const messages: string[] = [];
  await page.addInitScript(() => {
    window.addEventListener('message', (event) => {
      (window as unknown as { framedMessages: unknown[] }).framedMessages ??= [];
      (window as unknown as { framedMessages: unknown[] }).framedMessages.push(event.data);
    });
  });
  await signIn(page);
  const slug = await publishTool(page.request, { title: unique('Närvarorapport'), source: REPORT });
  await page.goto(`/tools/${slug}`);
  await page.getByRole('button', { name: 'Kör', exact: true }).click();

  const frame = page.locator('iframe[sandbox]');
  await expect(frame).toBeVisible({ timeout: 60_000 });
  expect(await frame.getAttribute('sandbox')).toBe('');
  const html = page.frameLocator('iframe[sandbox]');
  await expect(html.locator('#rubrik')).toHaveText('Veckans närvaro');
  // The tool's own inline style applies inside the frame (its CSP allows inline styles, the app's does not).
  await expect(html.locator('#rubrik')).toHaveCSS('color', 'rgb(180, 0, 0)');
  await expect(html.locator('script')).toHaveCount(1);
  await expect(html.locator('meta')).toHaveCount(0);

  await expect(page.getByRole('img', { name: /Närvaro per dag/ })).toBeVisible({ timeout: 30_000 });
  // Three bars, drawn by Vega's SVG renderer without eval.
  await expect(page.locator('main svg .mark-rect path')).toHaveCount(3, { timeout: 30_000 });

  await page.waitForTimeout(500);
  messages.push(
    ...((await page.evaluate(() => (window as unknown as { framedMessages?: string[] }).framedMessages)) ??
      []),
  );
  expect(messages).toEqual([]);
  expect(await page.title()).not.toBe('skript körde');
  expect(violations).toEqual([]);
  expect(await hasNoPageScroll(page)).toBe(true);
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: path.join(screenshots, 'results-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await hasNoPageScroll(page)).toBe(true);
  await page.screenshot({ path: path.join(screenshots, 'results-360.png'), fullPage: true });
});
