import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  hasNoPageScroll,
  publishTool,
  py,
  screenshots,
  seriousViolations,
  signIn,
  unique,
} from './run-helpers';
import { chooseFile, Problems } from './session-helpers';

const source = (version: number, transform: string) =>
  py([
    'import csv',
    'from skriptoteket_toolkit import list_input_files',
    'def run_tool(input_dir, output_dir):',
    '    with open(list_input_files()[0]["path"], encoding="utf-8") as f:',
    '        names = [row[0].strip() for row in csv.reader(f) if row and row[0].strip()]',
    `    print(f"Version ${version} läste {len(names)} namn")`,
    `    rows = [{"namn": ${transform}} for n in names]`,
    '    return {"outputs": [{"kind": "table", "title": "Namn", "columns": [{"key": "namn", "label": "Namn"}],',
    '                         "rows": rows}]}',
  ]);
const SCHEMA = [{ name: 'lista', label: 'Klasslista', kind: 'file', min: 1, max: 1, accept: ['.csv'] }];

/** Saves a second version of a published tool and submits it for review, as its maintainer would. */
async function submitSecondVersion(api: APIRequestContext, slug: string): Promise<void> {
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const tools = (await (await api.get('/api/v1/admin/tools')).json()) as {
    items: { id: string; slug: string }[];
  };
  const toolId = tools.items.find((tool) => tool.slug === slug)!.id;
  const versions = (await (await api.get(`/api/v1/admin/tools/${toolId}/versions`)).json()) as {
    items: { id: string }[];
  };
  const saved = await api.post(`/api/v1/admin/tools/${toolId}/versions`, {
    headers,
    data: {
      baseVersionId: versions.items[0]!.id,
      sourceCode: source(2, 'n.upper()'),
      entrypoint: 'run_tool',
      inputSchema: SCHEMA,
      settingsSchema: [],
      usageInstructions: '',
    },
  });
  expect(saved.status(), await saved.text()).toBe(201);
  const { id } = (await saved.json()) as { id: string };
  const submitted = await api.post(`/api/v1/admin/versions/${id}/submit`, {
    headers,
    data: { note: 'Versaler' },
  });
  expect(submitted.status()).toBe(200);
}

test('an admin test-runs the version under review with a sample file and compares it with the active one', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const problems = new Problems();
  await problems.watch(page);
  await signIn(page);
  const title = unique('Namnlista');
  const slug = await publishTool(page.request, { title, source: source(1, 'n'), inputSchema: SCHEMA });
  await submitSecondVersion(page.request, slug);

  await page.goto('/admin/reviews');
  await page.getByRole('link', { name: `${title}, version 2` }).click();
  const panel = page.getByTestId('review-test-run');
  await expect(panel.getByRole('heading', { name: 'Testkör versionen' })).toBeVisible();
  await expect(panel.getByLabel('Jämför med den aktiva versionen på samma indata')).toBeChecked();
  await chooseFile(page, panel.getByRole('button', { name: 'Välj fil' }), {
    name: 'klass.csv',
    mimeType: 'text/csv',
    content: 'Ada\nBo\n',
  });
  await panel.getByRole('button', { name: 'Testkör version 2' }).click();

  const reviewed = panel.locator('section', {
    has: page.getByRole('heading', { name: 'Version 2 (granskas)' }),
  });
  const active = panel.locator('section', { has: page.getByRole('heading', { name: 'Aktiv version 1' }) });
  await expect(reviewed.getByRole('cell', { name: 'ADA' })).toBeVisible({ timeout: 60_000 });
  await expect(active.getByRole('cell', { name: 'Ada', exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(reviewed.getByTestId('test-run-stdout')).toHaveText('Version 2 läste 2 namn');
  await expect(active.getByTestId('test-run-stdout')).toHaveText('Version 1 läste 2 namn');
  await expect(reviewed.getByText(/Tid i sandlådan: \d+,\d s/)).toBeVisible();

  // Nothing of this is the admin's own run history.
  const history = (await (await page.request.get(`/api/v1/me/runs?tool=${slug}`)).json()) as {
    items: unknown[];
  };
  expect(history.items).toEqual([]);

  expect(problems.items).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  expect(await hasNoPageScroll(page)).toBe(true);
  await panel.screenshot({ path: path.join(screenshots, 'test-run-panel.png') });
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await hasNoPageScroll(page)).toBe(true);
  await panel.screenshot({ path: path.join(screenshots, 'test-run-panel-360.png') });
  expect(problems.items).toEqual([]);
});
