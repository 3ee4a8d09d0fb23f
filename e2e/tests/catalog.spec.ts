import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { publishTool, screenshots, signIn } from './run-helpers';

/** A published one-field tool of the given profession and category, created through the API as the admin. */
const publishCatalogTool = (
  api: APIRequestContext,
  tool: { title: string; summary: string; profession: string; category: string },
) =>
  publishTool(api, {
    title: tool.title,
    summary: tool.summary,
    professions: [tool.profession],
    categories: [tool.category],
    source: 'def run_tool(input_dir, output_dir):\n    return "<p>Klart</p>"\n',
    inputSchema: [{ name: 'klass', label: 'Klass', kind: 'string' }],
    usageInstructions: `## Så gör du\n\nSkriv klassens namn och tryck på **Kör**. ${tool.title} gör resten.`,
  });

test('a teacher searches, filters by profession, stars a tool, finds it among favorites after a reload and opens it', async ({
  page,
}) => {
  await signIn(page);
  // A word of its own per run, so the test never depends on what else the server's catalog holds.
  const word = `kanot${Date.now().toString(36)}`;
  const slug = await publishCatalogTool(page.request, {
    title: `${word} generator`,
    summary: 'Delar in klassen i kanotlag.',
    profession: 'larare',
    category: 'lektionsplanering',
  });
  await publishCatalogTool(page.request, {
    title: `${word} lista för mentorer`,
    summary: 'Skriver ut listor.',
    profession: 'specialpedagog',
    category: 'mentorskap',
  });
  await publishCatalogTool(page.request, {
    title: 'Närvarorapport',
    summary: 'Frånvaro per vecka.',
    profession: 'skoladministrator',
    category: 'administration',
  });

  await page.goto('/browse');
  await page.getByLabel('Sök verktyg').fill(word);
  await expect(page.getByRole('link', { name: `${word} generator` })).toBeVisible();
  await expect(page.getByRole('link', { name: `${word} lista för mentorer` })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Närvarorapport/ })).toHaveCount(0);

  await page.getByRole('button', { name: /^Lärare/ }).click();
  await expect(page).toHaveURL(/professions=larare/);
  await expect(page.getByRole('link', { name: `${word} lista för mentorer` })).toHaveCount(0);
  await page.getByRole('button', { name: `Markera ${word} generator som favorit` }).click();
  await expect(page.getByRole('button', { name: `Ta bort ${word} generator från favoriter` })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(screenshots, 'browse-1280.png'), fullPage: true });

  await page.reload();
  await expect(page.getByLabel('Sök verktyg')).toHaveValue(word);
  await page.getByRole('button', { name: 'Bara favoriter' }).click();
  await expect(page.getByRole('link', { name: `${word} generator` })).toBeVisible();
  await expect(
    page.getByRole('button', { name: `Ta bort ${word} generator från favoriter` }),
  ).toHaveAttribute('aria-pressed', 'true');

  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: path.join(screenshots, 'browse-360.png'), fullPage: true });
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(scrolls).toBe(false);

  await page.getByRole('link', { name: `${word} generator` }).click();
  await expect(page).toHaveURL(new RegExp(`/tools/${slug}$`));
  await expect(page.getByRole('heading', { level: 1, name: `${word} generator` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Så använder du verktyget' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(page.getByText('Skriv klassens namn och tryck på')).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'tool-360.png'), fullPage: true });

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Favoriter' })).toBeVisible();
  await expect(page.getByRole('link', { name: `${word} generator` }).first()).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'home-1280.png'), fullPage: true });
});
