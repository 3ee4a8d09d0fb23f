import path from 'node:path';
import { expect as baseExpect, test, type Page } from '@playwright/test';
import { ADMIN, CONTRIBUTORS } from '../playwright.config';
import { adminApi, unique } from './run-helpers';
import { Problems, signedInPage } from './session-helpers';

const screenshots = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'studio');

const [MAJA, OLLE] = CONTRIBUTORS;
// The machine running these is shared and busy; the studio's own timings are not what these tests measure.
const expect = baseExpect.configure({ timeout: 20_000 });

/** A tool made by the admin's API session, maintained by the given contributors. */
async function toolMaintainedBy(title: string, emails: string[]): Promise<string> {
  const api = await adminApi();
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const created = await api.post('/api/v1/admin/tools', { headers, data: { title, summary: 'Från e2e.' } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  for (const email of emails) {
    const added = await api.post(`/api/v1/admin/tools/${id}/maintainers`, { headers, data: { email } });
    expect(added.status(), await added.text()).toBe(200);
  }
  await api.dispose();
  return id;
}

const editor = (page: Page) => page.locator('.cm-content');

test('a contributor writes a tool from the starter: code, schema, inline diagnostics, save and submit', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const problems = new Problems();
  const title = unique('Namnlistan');
  const toolId = await toolMaintainedBy(title, [MAJA.email]);
  const { page } = await signedInPage(browser, MAJA, problems);

  await page.goto('/my/tools');
  await expect(page.getByRole('heading', { level: 1, name: 'Mina verktyg' })).toBeVisible();
  const firstCheck = page.waitForResponse((r) => r.url().endsWith('/diagnostics') && r.status() === 200);
  await page.getByRole('link', { name: `Öppna i redigeraren: ${title}` }).click();
  await expect(page).toHaveURL(new RegExp(`/studio/tools/${toolId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Redigera ${title}`);
  await expect(page.getByText('du börjar från startmallen')).toBeVisible();
  await expect(editor(page)).toContainText('Startmall för ett verktyg');
  await expect(editor(page)).toHaveAttribute('contenteditable', 'true');
  // The starter is clean: no findings once the first check has answered.
  await firstCheck;
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);

  // Edit the code: a name that does not exist is underlined inline, in Swedish.
  await editor(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('\nANTAL_RADER = len(okand_lista)\n');
  await expect(page.locator('.cm-lintRange-error')).toHaveText('okand_lista', { timeout: 15_000 });
  await expect(page.locator('.cm-lint-marker-error')).toHaveCount(1);
  await page.locator('.cm-lintRange-error').hover();
  await expect(page.getByText('Namnet okand_lista är inte definierat.')).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'studio-diagnostic.png'), fullPage: true });

  // Fix it: the diagnostic goes away.
  await page.keyboard.press('Escape');
  await page.locator('.cm-line', { hasText: 'ANTAL_RADER' }).click();
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText('ANTAL_RADER = 0');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(0, { timeout: 15_000 });

  // The schema editor: replace the starter's file field by a new one, checked live by the server's rules.
  await page.getByRole('button', { name: 'Ta bort Klasslista' }).click();
  await page.getByLabel('Typ av nytt fält').selectOption('file');
  await page.getByRole('button', { name: 'Lägg till fält' }).click();
  const field = page.getByRole('group', { name: /Fält 2: Fält 2/ });
  await field.getByLabel('Etikett').fill('Elevlista');
  await page
    .getByRole('group', { name: /Fält 2: Elevlista/ })
    .getByLabel('Tillåtna filtyper')
    .fill('.txt, .csv');
  await expect(page.getByText('Schemat är giltigt (2 fält).')).toBeVisible();
  await page
    .getByRole('group', { name: /Fält 2: Elevlista/ })
    .getByLabel('Högst antal filer')
    .fill('0');
  await expect(page.getByText('"max" ska vara ett heltal ≥ 1.')).toBeVisible();
  await page
    .getByRole('group', { name: /Fält 2: Elevlista/ })
    .getByLabel('Högst antal filer')
    .fill('1');
  await expect(page.getByText('Schemat är giltigt (2 fält).')).toBeVisible();

  // A reload loses nothing: the working copy is offered back.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByText('Du har osparade ändringar')).toBeVisible();
  await page.getByRole('button', { name: 'Återställ ändringarna' }).click();
  await expect(editor(page)).toContainText('ANTAL_RADER = 0');
  await expect(page.getByRole('group', { name: /Fält 2: Elevlista/ })).toBeVisible();

  // Save with the keyboard, then submit for review with a note.
  await editor(page).click();
  await page.keyboard.press('Control+s');
  await expect(page.getByText('Sparat som version 1 (utkast).')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Utgår från version 1')).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'studio-editor.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: path.join(screenshots, 'studio-narrow.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.getByRole('button', { name: 'Skicka för granskning' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Anteckning till granskaren').fill('Första versionen, från startmallen.');
  await dialog.getByRole('button', { name: 'Skicka för granskning' }).click();
  await expect(page.getByText('Version 1 är skickad för granskning.')).toBeVisible();

  const saved = await page.request.get(`/api/v1/admin/tools/${toolId}/versions`);
  const [version] = ((await saved.json()) as { items: { state: string; submitNote: string }[] }).items;
  expect(version).toMatchObject({ state: 'in_review', submitNote: 'Första versionen, från startmallen.' });
  expect(problems.items).toEqual([]);
});

test('a second person sees the lock and a read-only editor; an admin takes over, and the audit log says so', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const problems = new Problems();
  const title = unique('Delad verktygslåda');
  const toolId = await toolMaintainedBy(title, [MAJA.email, OLLE.email]);

  const maja = await signedInPage(browser, MAJA, problems);
  await maja.page.goto(`/studio/tools/${toolId}`);
  await expect(editor(maja.page)).toHaveAttribute('contenteditable', 'true');

  const olle = await signedInPage(browser, OLLE, problems);
  await olle.page.goto(`/studio/tools/${toolId}`);
  await expect(olle.page.getByText(/Maja Utvecklare redigerar verktyget till/)).toBeVisible();
  await expect(editor(olle.page)).toHaveAttribute('contenteditable', 'false');
  await expect(olle.page.getByRole('button', { name: 'Spara' })).toBeDisabled();
  await expect(olle.page.getByRole('button', { name: 'Ta över redigeringen' })).toHaveCount(0);
  await olle.page.screenshot({ path: path.join(screenshots, 'studio-locked.png'), fullPage: true });

  const admin = await signedInPage(browser, ADMIN, problems);
  await admin.page.goto(`/studio/tools/${toolId}`);
  await expect(admin.page.getByText(/Maja Utvecklare redigerar verktyget till/)).toBeVisible();
  await admin.page.getByRole('button', { name: 'Ta över redigeringen' }).click();
  await expect(admin.page.getByText(/redigerar verktyget till/)).toHaveCount(0);
  await expect(editor(admin.page)).toHaveAttribute('contenteditable', 'true');

  await maja.page.reload();
  await expect(maja.page.getByText(/redigerar verktyget till/)).toBeVisible();
  await expect(editor(maja.page)).toHaveAttribute('contenteditable', 'false');

  await admin.page.goto(`/admin/tools/${toolId}?tab=events`);
  await expect(admin.page.getByText('Tog över redigeringen från Maja Utvecklare')).toBeVisible();
  expect(problems.items).toEqual([]);
  for (const session of [maja, olle, admin]) await session.context.close();
});
