import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';

// Each journey signs in several times (Argon2) and starts the CLI; generous on a busy shared machine.
test.describe.configure({ timeout: 180_000 });

const root = path.resolve(import.meta.dirname, '..', '..');
const screenshots = path.resolve(import.meta.dirname, '..', 'screenshots');
const outbox = path.join(E2E_DATA_DIR, 'outbox');

/** The newest mail to `to` in the server's outbox (no SMTP is configured in the browser tier). */
async function mailTo(to: string): Promise<{ subject: string; text: string }> {
  let found: { subject: string; text: string } | undefined;
  await expect
    .poll(() => {
      const files = fs.existsSync(outbox)
        ? fs
            .readdirSync(outbox)
            .filter((f) => f.endsWith('.json'))
            .sort()
        : [];
      const mails = files.map(
        (f) =>
          JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as {
            to: string;
            subject: string;
            text: string;
          },
      );
      found = mails.reverse().find((m) => m.to === to);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

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
  await expect(page.getByRole('status').filter({ hasText: 'Titta i din inkorg' })).toBeVisible();

  // Not yet: the address is unconfirmed.
  await signIn(page, email, 'tre-ord-i-rad-gar-bra');
  await expect(page.getByRole('alert')).toContainText('Bekräfta din e-postadress först');

  const mail = await mailTo(email);
  expect(mail.subject).toBe('Bekräfta din e-postadress för Skriptoteket');
  const link = /http:\/\/\S+\/verify\?token=\S+/.exec(mail.text)![0];
  await page.goto(link);
  await expect(page.getByRole('status').filter({ hasText: 'är bekräftad' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'verified-360.png'), fullPage: true });

  // The link works once only.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('Länken har redan använts');

  await signIn(page, email, 'tre-ord-i-rad-gar-bra');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Nora Ny');
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
  await expect(page).toHaveURL(/\/change-password\?redirect=(%2F|\/)admin(%2F|\/)tools$/);
  await expect(page.getByText('Du loggade in med ett tillfälligt lösenord')).toBeVisible();

  // Nothing else opens until the password is changed.
  await page.goto('/browse');
  await expect(page).toHaveURL(/\/change-password/);

  await page.getByLabel('Nuvarande lösenord').fill(temporary);
  await page.getByLabel('Nytt lösenord').fill('mitt-eget-langa-losenord');
  await page.getByLabel('Upprepa lösenordet').fill('mitt-eget-langa-losenord');
  await page.screenshot({ path: path.join(screenshots, 'change-password.png'), fullPage: true });
  await page.getByRole('button', { name: 'Byt lösenord' }).click();
  await expect(page).toHaveURL(/\/browse$/);

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'Mina inloggningar' })).toBeVisible();
  await expect(page.getByText('Den här webbläsaren')).toBeVisible();
  await page.screenshot({ path: path.join(screenshots, 'profile.png'), fullPage: true });
});
