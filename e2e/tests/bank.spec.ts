import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { screenshots, seriousViolations, signIn } from './run-helpers';

// The e2e server starts on an embedded database, so it seeds the script bank like a fresh `npm start`.
test.describe.configure({ timeout: 90_000 });

test('a teacher opens a bank tool from the catalog, tries it with its sample data and sees the groups', async ({
  page,
}) => {
  await signIn(page, 'teacher');
  // Signed in (the sign-in page's own 401 from /auth/me is expected), nothing may go wrong in the console.
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto('/browse');
  await page.getByLabel('Sök verktyg').fill('gruppgenerator');
  await page.getByRole('link', { name: 'Gruppgenerator från klasslista' }).click();
  await expect(page).toHaveURL(/\/tools\/gruppgenerator$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Gruppgenerator från klasslista' })).toBeVisible();

  const tryIt = page.getByRole('button', { name: 'Prova med exempeldata' });
  await expect(tryIt).toBeVisible();
  await expect(page.getByText('klasslista-7b.csv')).toBeVisible();
  await tryIt.click();

  await expect(page.getByText(/22 elever i 6 grupper/)).toBeVisible({ timeout: 60_000 });
  const table = page.getByRole('table').first();
  await expect(table.getByRole('columnheader', { name: 'Grupp', exact: true })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(7);
  await expect(page.getByRole('link', { name: /grupper\.xlsx/ })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(screenshots, 'bank-sample-run-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(screenshots, 'bank-sample-run-360.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('an admin exports a bank tool as a file and imports it again under another address', async ({
  page,
}, testInfo) => {
  await signIn(page, 'admin');
  await page.goto('/admin/tools');
  await page.getByRole('link', { name: 'Provmakare med svarsblad och facit' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Exportera som fil' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^provmakare-\d{4}-\d{2}-\d{2}\.skriptoteket\.json$/);
  const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as {
    tool: { slug: string; title: string };
    samples: { name: string }[];
  };
  expect(exported.samples.map((s) => s.name)).toEqual(['prov-vatten.txt']);

  await page.goto('/admin/tools');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importera verktyg från fil' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'provmakare.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(exported)),
  });
  await expect(page.getByText(/Det finns redan ett verktyg med adressen "provmakare"/)).toBeVisible();

  const copy = {
    ...exported,
    tool: { ...exported.tool, slug: 'provmakare-kopia', title: 'Provmakare (kopia)' },
  };
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Importera verktyg från fil' }).click();
  await (
    await again
  ).setFiles({
    name: 'kopia.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(copy)),
  });
  await expect(page.getByRole('heading', { level: 1, name: 'Provmakare (kopia)' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('imported.png'), fullPage: true });
});
