import path from 'node:path';
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN, CONTRIBUTOR } from '../playwright.config';
import { hasNoPageScroll, screenshots, seriousViolations, unique } from './run-helpers';

async function signInAs(browser: Browser, account: { email: string; password: string }, name: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByLabel('E-post').fill(account.email);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  return page;
}

// Sign-ins hash passwords: on a busy 2-core machine a page can take longer than the default 5 s to answer.
const expect = baseExpect.configure({ timeout: 20_000 });

// Two people in two browsers through a whole decision: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 300_000 });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshots, name), fullPage: true });

test('a contributor suggests a tool, an admin accepts it, and the suggester finds the draft under Mina verktyg', async ({
  browser,
}) => {
  const title = unique('Frånvarosammanställning');
  const contributor = await signInAs(browser, CONTRIBUTOR, 'Maja Bidrag');

  await contributor.getByRole('navigation').getByRole('link', { name: 'Mina förslag' }).click();
  await contributor.getByRole('link', { name: 'Föreslå ett verktyg' }).first().click();
  await expect(contributor.getByRole('heading', { level: 1, name: 'Föreslå ett verktyg' })).toBeVisible();
  await contributor.getByRole('button', { name: 'Skicka förslaget' }).click();
  await expect(contributor.getByText('Skriv ett namn med minst 3 tecken.')).toBeVisible();
  await expect(contributor.getByText('Välj minst en yrkesroll.')).toBeVisible();
  await expect(contributor.getByLabel('Vad ska verktyget heta?')).toBeFocused();

  await contributor.getByLabel('Vad ska verktyget heta?').fill(title);
  await expect(contributor.getByText('Skriv ett namn med minst 3 tecken.')).toBeHidden();
  await contributor
    .getByLabel('Beskrivning')
    .fill('Läser frånvaroexporten ur skolsystemet och visar frånvaron per elev och vecka.');
  await contributor
    .getByRole('group', { name: /För vilka yrkesroller/ })
    .getByLabel('Lärare')
    .check();
  await contributor
    .getByRole('group', { name: /Vilken sorts uppgift/ })
    .getByLabel('Administration')
    .check();
  expect(await seriousViolations(contributor)).toEqual([]);
  await shot(contributor, 'suggestion-form.png');
  await contributor.getByRole('button', { name: 'Skicka förslaget' }).click();

  await expect(contributor).toHaveURL(/\/my\/suggestions$/);
  const mine = contributor.getByRole('article', { name: title });
  await expect(mine.getByText('Väntar')).toBeVisible();

  const admin = await signInAs(browser, ADMIN, 'Administratör');
  await admin.getByRole('navigation').getByRole('link', { name: 'Förslag', exact: true }).click();
  const card = admin.getByRole('article', { name: title });
  await expect(card.getByText('Maja Bidrag')).toBeVisible();
  await card.getByRole('button', { name: /^Godkänn/ }).click();
  const dialog = admin.getByRole('dialog', { name: 'Godkänn förslaget' });
  await expect(dialog.getByLabel('Verktygets namn')).toHaveValue(title);
  await dialog.getByLabel('Kort beskrivning').fill('Frånvaro per elev och vecka.');
  await dialog
    .getByRole('group', { name: /För vilka yrkesroller/ })
    .getByLabel('Rektor')
    .check();
  expect(await seriousViolations(admin)).toEqual([]);
  await shot(admin, 'suggestion-decide.png');
  await dialog.getByRole('button', { name: 'Godkänn' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText('Godkänt')).toBeVisible();
  await expect(
    admin.getByText('Förslaget är godkänt. Maja Bidrag har fått ett utkast att arbeta med.'),
  ).toBeVisible();

  await contributor.goto('/');
  await expect(contributor.getByText('Ett av dina förslag har fått beslut.')).toBeVisible();
  await contributor.getByRole('link', { name: 'Se Mina förslag' }).click();
  await expect(mine.getByText('Godkänt')).toBeVisible();
  await expect(mine.getByText('Nytt beslut')).toBeVisible();
  await shot(contributor, 'my-suggestions.png');

  await contributor.getByRole('navigation').getByRole('link', { name: 'Mina verktyg' }).click();
  const row = contributor.getByRole('row', { name: new RegExp(title) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Utkast')).toBeVisible();
  await row.getByRole('link', { name: title }).click();
  await expect(contributor.getByRole('heading', { level: 1 })).toContainText(title);
  await shot(contributor, 'suggested-tool.png');

  await contributor.setViewportSize({ width: 360, height: 800 });
  await contributor.goto('/my/suggestions');
  await expect(mine.getByText('Godkänt')).toBeVisible();
  await expect(mine.getByText('Nytt beslut')).toBeHidden();
  expect(await hasNoPageScroll(contributor)).toBe(true);
  await shot(contributor, 'my-suggestions-360.png');
});

test('an admin finds a teacher in Användare and, as superuser, sees their sign-ins', async ({ browser }) => {
  const admin = await signInAs(browser, ADMIN, 'Administratör');
  await admin.getByRole('navigation').getByRole('link', { name: 'Användare' }).click();
  await admin.getByLabel('Sök på namn eller e-post').fill('lärare test');
  await admin.getByRole('button', { name: 'Sök', exact: true }).click();
  await expect(admin).toHaveURL(/q=l%C3%A4rare/);
  await admin.getByRole('link', { name: 'Lärare Test' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Lärare Test' })).toBeVisible();
  await expect(admin.getByRole('heading', { name: 'Inloggningar' })).toBeVisible();
  expect(await seriousViolations(admin)).toEqual([]);
  await shot(admin, 'admin-user.png');

  await admin.goto('/admin/users');
  await admin.getByRole('button', { name: 'Ny användare' }).click();
  const dialog = admin.getByRole('dialog', { name: 'Ny användare' });
  await dialog.getByLabel('E-postadress').fill(`${unique('ny').replace(' ', '-')}@e2e.skola.se`);
  await dialog.getByLabel('Roll').selectOption('contributor');
  await dialog.getByRole('button', { name: 'Skicka inbjudan' }).click();
  await expect(admin.getByText(/Inbjudan skickades till ny-/)).toBeVisible();
  await expect(admin.getByText('Inbjuden').first()).toBeVisible();
  await admin.setViewportSize({ width: 360, height: 800 });
  expect(await hasNoPageScroll(admin)).toBe(true);
  await shot(admin, 'admin-users-360.png');
});
