import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN } from '../playwright.config';

const screenshots = path.resolve(import.meta.dirname, '..', 'screenshots');

async function signIn(page: Page) {
  await page.goto('/login');
  await page.getByLabel('E-post').fill(ADMIN.email);
  await page.getByLabel('Lösenord').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Administratör');
}

/** Creates, reviews and publishes a tool through the public API as the signed-in admin. */
async function publishTool(
  api: APIRequestContext,
  tool: { title: string; summary: string; profession: string; category: string },
) {
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const created = (await (
    await api.post('/api/v1/admin/tools', { headers, data: { title: tool.title, summary: tool.summary } })
  ).json()) as { id: string; slug: string };
  await api.patch(`/api/v1/admin/tools/${created.id}`, {
    headers,
    data: { professions: [tool.profession], categories: [tool.category] },
  });
  await api.post(`/api/v1/admin/tools/${created.id}/lock`, { headers, data: {} });
  const version = (await (
    await api.post(`/api/v1/admin/tools/${created.id}/versions`, {
      headers,
      data: {
        baseVersionId: null,
        sourceCode: 'def run_tool(input_dir, output_dir):\n    return "<p>Klart</p>"\n',
        entrypoint: 'run_tool',
        inputSchema: [{ name: 'klass', label: 'Klass', kind: 'string' }],
        settingsSchema: [],
        usageInstructions: `## Så gör du\n\nSkriv klassens namn och tryck på **Kör**. ${tool.title} gör resten.`,
      },
    })
  ).json()) as { id: string };
  await api.post(`/api/v1/admin/versions/${version.id}/submit`, { headers, data: { note: '' } });
  expect(
    (await api.post(`/api/v1/admin/versions/${version.id}/publish`, { headers, data: {} })).status(),
  ).toBe(200);
  expect((await api.post(`/api/v1/admin/tools/${created.id}/publish`, { headers })).status()).toBe(200);
  return created.slug;
}

test('a teacher searches, filters by profession, stars a tool, finds it among favorites after a reload and opens it', async ({
  page,
}) => {
  await signIn(page);
  // A word of its own per run, so the test never depends on what else the server's catalog holds.
  const word = `kanot${Date.now().toString(36)}`;
  const slug = await publishTool(page.request, {
    title: `${word} generator`,
    summary: 'Delar in klassen i kanotlag.',
    profession: 'larare',
    category: 'lektionsplanering',
  });
  await publishTool(page.request, {
    title: `${word} lista för mentorer`,
    summary: 'Skriver ut listor.',
    profession: 'specialpedagog',
    category: 'mentorskap',
  });
  await publishTool(page.request, {
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
