import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';
import { linkIn, mailTo } from './outbox';

// Each journey signs in several times (Argon2) and starts the CLI; generous on a busy shared machine.
test.describe.configure({ timeout: 180_000 });
/** For what waits on the server (sign-in, saving a password), which can take seconds on a busy machine. */
const slow = { timeout: 30_000 };

const root = path.resolve(import.meta.dirname, '..', '..');
const screenshots = path.resolve(import.meta.dirname, '..', 'screenshots');

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
}

test('a teacher registers, opens the verification link from the mail and signs in', async ({ page }) => {
  const email = `ny-larare-${Date.now()}@e2e.skola.se`;
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/login');
  await page.getByRole('link', { name: 'Skapa konto' }).click();
  await expect(page).toHaveURL(/\/register$/);

  // The form says what is missing before it sends anything.
  await page.getByRole('button', { name: 'Skapa konto' }).click();
  await expect(page.getByLabel('Namn')).toBeFocused();
  await page.getByLabel('Namn').fill('Nora Ny');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill('kort');
  await page.getByRole('button', { name: 'Skapa konto' }).click();
  await expect(page.getByText('Lösenordet måste ha minst 12 tecken.')).toBeVisible();
  await page.getByLabel('Lösenord').fill('tre-ord-i-rad-gar-bra');
  await page.screenshot({ path: path.join(screenshots, 'register-360.png'), fullPage: true });
  await page.getByRole('button', { name: 'Skapa konto' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Titta i din inkorg' })).toBeVisible(slow);

  // Not yet: the address is unconfirmed.
  await signIn(page, email, 'tre-ord-i-rad-gar-bra');
  await expect(page.getByRole('alert')).toContainText('Bekräfta din e-postadress först', slow);

  const mail = await mailTo(email);
  expect(mail.subject).toBe('Bekräfta din e-postadress för Skriptoteket');
  const link = linkIn(mail, '/verify');
  await page.goto(link);
  await expect(page.getByRole('status').filter({ hasText: 'är bekräftad' })).toBeVisible(slow);
  await page.screenshot({ path: path.join(screenshots, 'verified-360.png'), fullPage: true });

  // The link works once only.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('Länken har redan använts', slow);

  await signIn(page, email, 'tre-ord-i-rad-gar-bra');
  await expect(page).toHaveURL(/:\d+\/$/, slow);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nora Ny', slow);
});

test('an administrator with a temporary password must choose their own before anything else', async ({
  page,
}) => {
  const email = `ny-admin-${Date.now()}@e2e.skola.se`;
  // As an operator does: the CLI goes through the running server and prints a generated password.
  const output = execFileSync(
    process.execPath,
    ['server/dist/cli.js', 'user:create', '--email', email, '--role', 'admin', '--name', 'Ny Admin'],
    { cwd: root, env: { ...process.env, SKRIPTOTEKET_DATA_DIR: E2E_DATA_DIR }, encoding: 'utf8' },
  );
  const temporary = /Password: (\S+)/.exec(output)![1]!;

  await page.goto('/admin/tools');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Lösenord').fill(temporary);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page).toHaveURL(/\/change-password\?redirect=(%2F|\/)admin(%2F|\/)tools$/, slow);
  await expect(page.getByText('Du loggade in med ett tillfälligt lösenord')).toBeVisible();

  // Nothing else opens until the password is changed.
  await page.goto('/browse');
  await expect(page).toHaveURL(/\/change-password/, slow);

  await page.getByLabel('Nuvarande lösenord').fill(temporary);
  await page.getByLabel('Nytt lösenord').fill('mitt-eget-langa-losenord');
  await page.getByLabel('Upprepa lösenordet').fill('mitt-eget-langa-losenord');
  await page.screenshot({ path: path.join(screenshots, 'change-password.png'), fullPage: true });
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await expect(page).toHaveURL(/:\d+\/browse$/, slow);

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'Mina inloggningar' })).toBeVisible(slow);
  await expect(page.getByText('Den här webbläsaren')).toBeVisible(slow);
  await page.screenshot({ path: path.join(screenshots, 'profile.png'), fullPage: true });
});
