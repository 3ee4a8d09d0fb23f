import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { screenshots, signIn } from './run-helpers';

/** Saves and submits a version through the public API, as the signed-in browser user. */
async function saveAndSubmitVersion(page: Page, toolId: string) {
  const api = page.request;
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  expect((await api.post(`/api/v1/admin/tools/${toolId}/lock`, { headers, data: {} })).status()).toBe(200);
  const saved = await api.post(`/api/v1/admin/tools/${toolId}/versions`, {
    headers,
    data: {
      baseVersionId: null,
      sourceCode: 'def run_tool(input_dir, output_dir):\n    return "<p>Grupperna är klara</p>"\n',
      entrypoint: 'run_tool',
      inputSchema: [{ name: 'klass', label: 'Klass', kind: 'string', required: true }],
      settingsSchema: [],
      usageInstructions: 'Skriv klassens namn och tryck på Kör.',
    },
  });
  expect(saved.status()).toBe(201);
  const { id } = (await saved.json()) as { id: string };
  expect(
    (
      await api.post(`/api/v1/admin/versions/${id}/submit`, { headers, data: { note: 'Första versionen.' } })
    ).status(),
  ).toBe(200);
}

test('an admin creates a tool, reviews the submitted version in the queue, publishes it and sees the audit trail', async ({
  page,
}) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Verktyg att förvalta' }).first().click();
  await page.getByRole('button', { name: 'Nytt verktyg' }).first().click();
  await page.getByLabel('Titel').fill('Gruppgenerator för åk 8');
  await page.getByLabel('Sammanfattning').fill('Delar in klassen i slumpade grupper.');
  await page.getByRole('button', { name: 'Skapa verktyg' }).click();
  await expect(page).toHaveURL(/\/admin\/tools\/[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gruppgenerator för åk 8');
  const toolId = page.url().match(/tools\/([0-9a-f-]{36})/)![1]!;

  await saveAndSubmitVersion(page, toolId);

  await page.goto('/admin/reviews');
  await expect(page.getByRole('heading', { level: 1, name: 'Granskning' })).toBeVisible();
  await page.getByRole('link', { name: 'Gruppgenerator för åk 8, version 1' }).click();
  await expect(page.getByText('Grupperna är klara').first()).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'review-diff.png'), fullPage: true });
  await page.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(page.getByText('Gruppgenerator för åk 8, version 1, är publicerad.')).toBeVisible();
  await expect(page.getByText('Inget att granska')).toBeVisible();

  await page.goto(`/admin/tools/${toolId}?tab=events`);
  await expect(page.getByText('Publicerade version 1')).toBeVisible();
  await expect(page.getByText('Skapade verktyget')).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'tool-events.png'), fullPage: true });
});

test('a version whose code does not compile is marked and cannot be submitted', async ({ page }) => {
  await signIn(page);
  const api = page.request;
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const created = await api.post('/api/v1/admin/tools', { headers, data: { title: 'Hälsningsfraser' } });
  const { id: toolId } = (await created.json()) as { id: string };
  expect((await api.post(`/api/v1/admin/tools/${toolId}/lock`, { headers, data: {} })).status()).toBe(200);
  const saved = await api.post(`/api/v1/admin/tools/${toolId}/versions`, {
    headers,
    data: {
      baseVersionId: null,
      sourceCode: 'def run_tool(input_dir, output_dir):\n    hälsning = "hej på dig" $ 1\n',
    },
  });
  expect(saved.status()).toBe(201);
  const { id } = (await saved.json()) as { id: string };
  const refused = await api.post(`/api/v1/admin/versions/${id}/submit`, { headers, data: {} });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { details: unknown } }).error.details).toMatchObject({
    reason: 'DOES_NOT_COMPILE',
    line: 2,
    column: 29,
  });

  await page.goto(`/admin/tools/${toolId}?tab=versions`);
  const row = page.getByRole('row', { name: /Version 1/ });
  await expect(row.getByText('Kompilerar inte')).toBeVisible();
  await expect(row.getByText('Rad 2, kolumn 29: invalid syntax')).toBeVisible();
  const submit = row.getByRole('button', { name: 'Skicka för granskning Version 1' });
  await expect(submit).toBeDisabled();
  await expect(submit).toHaveAccessibleDescription(/Rätta felet och spara en ny version/);
  await page.screenshot({ path: path.join(screenshots, 'version-does-not-compile.png'), fullPage: true });
});
