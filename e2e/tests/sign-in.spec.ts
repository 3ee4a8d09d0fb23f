import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ADMIN } from '../playwright.config';

const screenshots = path.resolve(import.meta.dirname, '..', 'screenshots');

test('an administrator signs in, reads the home page in Swedish, switches to English and signs out', async ({
  page,
  browser,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });

  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'sv');

  await page.getByLabel('E-post').fill(ADMIN.email);
  await page.getByLabel('Lösenord').fill('fel-lösenord');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('alert')).toContainText('E-postadressen eller lösenordet stämmer inte');

  await page.getByLabel('Lösenord').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Administratör');
  await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'home-sv.png'), fullPage: true });

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'home-en.png'), fullPage: true });

  await page.reload();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  expect(consoleErrors.filter((text) => !text.includes('401'))).toEqual([]);

  // The language is kept on the account: another browser opens in Swedish, and in English once signed in.
  const elsewhere = await (await browser.newContext()).newPage();
  await elsewhere.goto('/login');
  await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'sv');
  await elsewhere.getByLabel('E-post').fill(ADMIN.email);
  await elsewhere.getByLabel('Lösenord').fill(ADMIN.password);
  await elsewhere.getByRole('button', { name: 'Logga in' }).click();
  await expect(elsewhere.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'en');

  const saved = elsewhere.waitForResponse((r) => r.url().endsWith('/api/v1/me/profile'));
  await elsewhere.getByRole('button', { name: 'Svenska' }).click();
  expect((await saved).status()).toBe(200);
  await expect(elsewhere.getByRole('button', { name: 'Logga ut' })).toBeVisible();
  await elsewhere.context().close();
});

test('the sign-in page is usable at 360 px with the keyboard alone', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: /hoppa till innehållet/i })).toBeFocused();
  await page.getByLabel('E-post').focus();
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(ADMIN.password);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Administratör');
  const hasHorizontalScroll = await page.evaluate(
    () => document.documentElement.scrollWidth > window.innerWidth,
  );
  expect(hasHorizontalScroll).toBe(false);
  await page.screenshot({ path: path.join(screenshots, 'home-360.png'), fullPage: true });
});
