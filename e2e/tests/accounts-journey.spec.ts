import path from 'node:path';
import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { ADMIN } from '../playwright.config';
import { linkIn, mailTo } from './outbox';
import { screenshots, unique } from './run-helpers';

// Sign-ins hash passwords and a decision writes several rows: on a busy 2-core machine a page can take longer
// than the default 5 s to answer, so every wait is on a condition with room to spare.
const expect = baseExpect.configure({ timeout: 30_000 });

// Two people in two browsers from registration to a decided suggestion: far more than the default 30 s.
test.describe.configure({ timeout: 360_000 });

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(screenshots, name), fullPage: true });

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function signIn(page: Page, email: string, password: string, name: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
}

test('a new teacher registers, is made a contributor, suggests a tool, and finds the accepted draft under Mina verktyg', async ({
  browser,
}) => {
  const name = unique('Vera Ny');
  const email = `${name.toLowerCase().replace(/\s+/g, '-')}@e2e.skola.se`;
  const password = 'fyra-ord-som-ingen-gissar';
  const title = unique('Läxkalender');

  // 1. Registration, and the verification link from the mail.
  const person = await newPage(browser);
  await person.goto('/login');
  await person.getByRole('link', { name: 'Skapa konto' }).click();
  await expect(person).toHaveURL(/\/register$/);
  await person.getByLabel('Namn').fill(name);
  await person.getByLabel('E-postadress').fill(email);
  await person.getByLabel('Lösenord').fill(password);
  await person.getByRole('button', { name: 'Skapa konto' }).click();
  await expect(person.getByRole('status').filter({ hasText: 'Titta i din inkorg' })).toBeVisible();

  const verification = await mailTo(email, /^Bekräfta din e-postadress/);
  await person.goto(linkIn(verification, '/verify'));
  await expect(person.getByRole('status').filter({ hasText: 'är bekräftad' })).toBeVisible();

  // 2. Signed in as a plain user: nothing to suggest with yet.
  await signIn(person, email, password, name);
  const personNav = person.getByRole('navigation');
  await expect(personNav.getByRole('link', { name: 'Mina körningar' })).toBeVisible();
  await expect(personNav.getByRole('link', { name: 'Mina förslag' })).toHaveCount(0);

  // 3. An administrator finds the new account and makes the person a contributor.
  const admin = await newPage(browser);
  await signIn(admin, ADMIN.email, ADMIN.password, 'Administratör');
  await admin.getByRole('navigation').getByRole('link', { name: 'Användare' }).click();
  await admin.getByLabel('Sök på namn eller e-post').fill(email);
  await admin.getByRole('button', { name: 'Sök', exact: true }).click();
  await admin.getByRole('link', { name }).click();
  await expect(admin.getByRole('heading', { level: 1, name })).toBeVisible();
  await admin.getByRole('combobox', { name: 'Roll' }).selectOption('contributor');
  await admin.getByRole('button', { name: 'Spara roll' }).click();
  await expect(admin.getByText('Rollen är ändrad.')).toBeVisible();
  await expect(admin.getByRole('button', { name: 'Spara roll' })).toBeDisabled();
  await shot(admin, 'journey-role-changed.png');

  // 4. Opening the app again, the person can suggest a tool.
  await person.goto('/');
  await personNav.getByRole('link', { name: 'Mina förslag' }).click();
  await person.getByRole('link', { name: 'Föreslå ett verktyg' }).first().click();
  await person.getByLabel('Vad ska verktyget heta?').fill(title);
  await person
    .getByLabel('Beskrivning')
    .fill('Samlar klassens läxor per vecka ur planeringen och gör en kalender att dela med vårdnadshavare.');
  await person
    .getByRole('group', { name: /För vilka yrkesroller/ })
    .getByLabel('Lärare')
    .check();
  await person
    .getByRole('group', { name: /Vilken sorts uppgift/ })
    .getByLabel('Lektionsplanering')
    .check();
  await person.getByRole('button', { name: 'Skicka förslaget' }).click();
  await expect(person).toHaveURL(/\/my\/suggestions$/);
  const mine = person.getByRole('article', { name: title });
  await expect(mine.getByText('Väntar', { exact: true })).toBeVisible();

  // 5. The administrator accepts it.
  await admin.getByRole('navigation').getByRole('link', { name: 'Förslag', exact: true }).click();
  const card = admin.getByRole('article', { name: title });
  await expect(card.getByText(name)).toBeVisible();
  await card.getByRole('button', { name: /^Godkänn/ }).click();
  const dialog = admin.getByRole('dialog', { name: 'Godkänn förslaget' });
  await expect(dialog.getByLabel('Verktygets namn')).toHaveValue(title);
  await dialog.getByLabel('Kort beskrivning').fill('Veckans läxor som kalender.');
  await dialog.getByRole('button', { name: 'Godkänn' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText('Godkänt', { exact: true })).toBeVisible();

  // 6. The person gets the decision by mail; its link opens Mina förslag with the outcome.
  const decision = await mailTo(email, /har godkänts/);
  expect(decision.subject).toBe(`Ditt förslag ”${title}” har godkänts`);
  expect(decision.text).toContain('Utkastet finns under Mina verktyg');
  await person.goto(linkIn(decision, '/my/suggestions'));
  await expect(person.getByRole('heading', { level: 1, name: 'Mina förslag' })).toBeVisible();
  await expect(mine.getByText('Godkänt', { exact: true })).toBeVisible();
  await expect(mine.getByText('Nytt beslut', { exact: true })).toBeVisible();
  await shot(person, 'journey-my-suggestions.png');

  // 7. The draft tool is theirs: Mina verktyg (/my/tools, "Redigeraren" in the menu) lists it, ready to write.
  await personNav.getByRole('link', { name: 'Redigeraren' }).click();
  await expect(person).toHaveURL(/\/my\/tools$/);
  await expect(person.getByRole('heading', { level: 1, name: 'Mina verktyg' })).toBeVisible();
  const tool = person.getByRole('listitem').filter({ has: person.getByRole('heading', { name: title }) });
  await expect(tool.getByText('Utkast', { exact: true })).toBeVisible();
  await shot(person, 'journey-my-tools.png');
  await tool.getByRole('link', { name: `Öppna i redigeraren: ${title}` }).click();
  await expect(person.getByRole('heading', { level: 1 })).toContainText(title);
});
