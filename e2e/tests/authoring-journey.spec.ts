import path from 'node:path';
import { expect as baseExpect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN, CONTRIBUTOR, TEACHER } from '../playwright.config';
import { screenshots, unique } from './run-helpers';
import { chooseFile, Problems, signedInPage } from './session-helpers';

// One idea to a published tool through three people's browsers, on a busy shared machine: wait on what the page
// shows, never on the clock, and give the sandbox's runs time.
const expect = baseExpect.configure({ timeout: 20_000 });
const RUN_TIMEOUT = 60_000;
// A click that finds nothing fails within a reasonable time, not when the whole journey's time runs out.
test.use({ actionTimeout: 30_000 });

const CLASS_LIST = { name: 'klass-7b.csv', mimeType: 'text/csv', content: 'Ada\nBo\nCilla\n' };
const editor = (page: Page) => page.locator('.cm-content');
/** A picture of the page, or of one part of it, taken from the top so the sticky toolbar covers nothing. */
async function shot(page: Page, name: string, part?: Locator): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const clip = part ? ((await part.boundingBox()) ?? undefined) : undefined;
  await page.screenshot({ path: path.join(screenshots, name), fullPage: true, clip });
}

test('idea to catalog in the browser: suggest, write from the starter, test-run, submit, review, publish, run', async ({
  browser,
}) => {
  test.setTimeout(420_000);
  const problems = new Problems();
  const title = unique('Hälsa på klassen');

  // The contributor suggests the tool; only admins create tools, and accepting a suggestion is how a
  // contributor gets a tool of their own (PRODUCT.md, Suggestions).
  const contributor = await signedInPage(browser, CONTRIBUTOR, problems);
  const maja = contributor.page;
  await maja.getByRole('navigation').getByRole('link', { name: 'Mina förslag' }).click();
  await maja.getByRole('link', { name: 'Föreslå ett verktyg' }).first().click();
  await maja.getByLabel('Vad ska verktyget heta?').fill(title);
  await maja.getByLabel('Beskrivning').fill('Läser klasslistan och hälsar på varje elev.');
  await maja
    .getByRole('group', { name: /För vilka yrkesroller/ })
    .getByLabel('Lärare')
    .check();
  await maja
    .getByRole('group', { name: /Vilken sorts uppgift/ })
    .getByLabel('Lektionsplanering')
    .check();
  await maja.getByRole('button', { name: 'Skicka förslaget' }).click();
  await expect(maja).toHaveURL(/\/my\/suggestions$/);

  const administrator = await signedInPage(browser, ADMIN, problems);
  const admin = administrator.page;
  await admin.getByRole('navigation').getByRole('link', { name: 'Förslag', exact: true }).click();
  await admin
    .getByRole('article', { name: title })
    .getByRole('button', { name: /^Godkänn/ })
    .click();
  const decision = admin.getByRole('dialog', { name: 'Godkänn förslaget' });
  await decision.getByLabel('Kort beskrivning').fill('Hälsar på varje elev i klasslistan.');
  await decision.getByRole('button', { name: 'Godkänn' }).click();
  await expect(decision).toBeHidden();

  // The contributor opens the new draft in the studio: it starts from the starter template.
  await maja.getByRole('navigation').getByRole('link', { name: 'Redigeraren' }).click();
  const firstCheck = maja.waitForResponse((r) => r.url().endsWith('/diagnostics') && r.status() === 200);
  await maja.getByRole('link', { name: `Öppna i redigeraren: ${title}` }).click();
  await expect(maja.getByRole('heading', { level: 1 })).toContainText(`Redigera ${title}`);
  await expect(maja.getByText('du börjar från startmallen')).toBeVisible();
  await expect(editor(maja)).toContainText('Startmall för ett verktyg');
  await expect(editor(maja)).toHaveAttribute('contenteditable', 'true');
  await firstCheck;
  await expect(maja.locator('.cm-lintRange-error')).toHaveCount(0);

  // Edits the code: a print for the test run's stdout, with a misspelt name the checker underlines inline.
  // The line is found with the editor's own search, as the code is longer than the editor is high.
  // Clicked near its start: the middle of the code lies beyond the editor's right edge (long lines scroll).
  await editor(maja).click({ position: { x: 8, y: 8 } });
  await maja.keyboard.press('Control+f');
  const find = maja.getByRole('textbox', { name: 'Sök', exact: true });
  await expect(find).toBeFocused();
  // Typed key by key: the panel takes the query on each key, as a person types it.
  await maja.keyboard.type('= las_namn(filer');
  await find.press('Enter');
  await find.press('Escape');
  await expect(editor(maja)).toBeFocused();
  await maja.keyboard.press('End');
  await maja.keyboard.press('Enter');
  await maja.keyboard.insertText('print(f"Läste {len(namnn)} namn.")');
  await expect(maja.locator('.cm-lintRange-error')).toHaveText('namnn', { timeout: 30_000 });
  await maja.locator('.cm-lintRange-error').hover();
  await expect(maja.getByText('Namnet namnn är inte definierat.')).toBeVisible();
  await shot(maja, 'journey-diagnostic.png');
  await maja.keyboard.press('End');
  await maja.keyboard.press('Shift+Home');
  await maja.keyboard.insertText('print(f"Läste {len(namn)} namn.")');
  await expect(maja.locator('.cm-lintRange-error')).toHaveCount(0, { timeout: 30_000 });
  await expect(editor(maja)).toContainText('print(f"Läste {len(namn)} namn.")');

  // The schema editor: the starter's file field gives way to a new one that takes CSV files only.
  await maja.getByRole('button', { name: 'Ta bort Klasslista' }).click();
  await maja.getByLabel('Typ av nytt fält').selectOption('file');
  await maja.getByRole('button', { name: 'Lägg till fält' }).click();
  await maja
    .getByRole('group', { name: /Fält 2: Fält 2/ })
    .getByLabel('Etikett')
    .fill('Elevlista');
  const field = maja.getByRole('group', { name: /Fält 2: Elevlista/ });
  await field.getByLabel('Hjälptext').fill('En CSV-fil med en elev per rad.');
  await field.getByLabel('Tillåtna filtyper').fill('.csv');
  await expect(maja.getByText('Schemat är giltigt (2 fält).')).toBeVisible();
  await shot(maja, 'journey-editor.png');

  // A test run of the unsaved content, with the form a teacher will see: the new file field, a sample file.
  // Every part of the tool is in sight in the tab bar beside the code, the test run included.
  const testRunTab = maja.getByRole('tab', { name: 'Testkör' });
  const [tabBar, tab] = await Promise.all([
    maja.getByRole('tablist', { name: 'Verktygets delar' }).boundingBox(),
    testRunTab.boundingBox(),
  ]);
  expect(tab!.x + tab!.width).toBeLessThanOrEqual(tabBar!.x + tabBar!.width);
  await testRunTab.click();
  const panel = maja.getByTestId('test-run-panel');
  await expect(panel.getByRole('group', { name: /^Elevlista/ })).toContainText(
    'En CSV-fil med en elev per rad.',
  );
  await chooseFile(maja, panel.getByRole('button', { name: 'Välj fil' }), {
    ...CLASS_LIST,
    name: 'elever.txt',
    mimeType: 'text/plain',
  });
  await expect(
    panel.getByText('Filen "elever.txt" är inte en CSV-fil. Välj en fil av typen .csv.'),
  ).toBeVisible();
  await chooseFile(maja, panel.getByRole('button', { name: 'Välj fil' }), CLASS_LIST);
  await expect(panel.getByRole('list', { name: 'Valda filer' })).toContainText(CLASS_LIST.name);
  await panel.getByRole('button', { name: 'Testkör', exact: true }).click();
  await expect(panel.getByText('3 namn lästes från klass-7b.csv.')).toBeVisible({ timeout: RUN_TIMEOUT });
  for (const name of ['Ada', 'Bo', 'Cilla'])
    await expect(panel.getByRole('cell', { name, exact: true })).toBeVisible();
  await expect(panel.getByRole('link', { name: /namnlista\.csv/ })).toBeVisible();
  await expect(panel.getByTestId('test-run-stdout')).toHaveText('Läste 3 namn.');
  await expect(panel.getByText(/Tid i sandlådan: \d+,\d s/)).toBeVisible();
  await shot(maja, 'journey-test-run-panel.png', panel);
  await shot(maja, 'journey-studio-test-run.png');

  // Saves, and submits the saved draft for review with a note.
  await maja.getByRole('button', { name: 'Spara', exact: true }).click();
  await expect(maja.getByText('Sparat som version 1 (utkast).')).toBeVisible();
  await maja.getByRole('button', { name: 'Skicka för granskning' }).click();
  const submit = maja.getByRole('dialog');
  await submit.getByLabel('Anteckning till granskaren').fill('Första versionen: läser en elevlista i CSV.');
  await submit.getByRole('button', { name: 'Skicka för granskning' }).click();
  await expect(maja.getByText('Version 1 är skickad för granskning.')).toBeVisible();

  // The admin reviews: the queue, the note, a test run of the version on the sample file, publish.
  await admin
    .getByRole('navigation')
    .getByRole('link', { name: /^Granskning/ })
    .click();
  await admin.getByRole('link', { name: `${title}, version 1` }).click();
  await expect(admin.getByText('Första versionen: läser en elevlista i CSV.')).toBeVisible();
  const review = admin.getByTestId('review-test-run');
  await expect(review.getByText('Verktyget har ingen aktiv version att jämföra med.')).toBeVisible();
  await chooseFile(admin, review.getByRole('button', { name: 'Välj fil' }), CLASS_LIST);
  await review.getByRole('button', { name: 'Testkör version 1' }).click();
  await expect(review.getByText('3 namn lästes från klass-7b.csv.')).toBeVisible({ timeout: RUN_TIMEOUT });
  await expect(review.getByRole('cell', { name: 'Cilla', exact: true })).toBeVisible();
  await expect(review.getByTestId('test-run-stdout')).toHaveText('Läste 3 namn.');
  await shot(admin, 'journey-review-test-run.png', review);
  await admin.getByRole('button', { name: 'Publicera', exact: true }).click();
  await expect(admin.getByText(`${title}, version 1, är publicerad.`)).toBeVisible();

  // The tool itself is not in the catalog yet: the review page says so and leads on to publishing it.
  await expect(admin.getByText(`${title} finns inte i katalogen än`)).toBeVisible();
  await shot(admin, 'journey-review-published.png');
  await admin.getByRole('link', { name: `Publicera ${title} i katalogen` }).click();
  await expect(admin.getByRole('tab', { name: 'Publicering' })).toHaveAttribute('aria-selected', 'true');
  await admin.getByRole('button', { name: 'Publicera verktyget' }).click();
  await admin.getByRole('dialog').getByRole('button', { name: 'Ja, publicera' }).click();
  await expect(admin.getByText('Verktyget är publicerat.')).toBeVisible();

  // A teacher finds it in the catalog and runs it with a file.
  const teacher = await signedInPage(browser, TEACHER, problems);
  const larare = teacher.page;
  await larare.getByRole('navigation').getByRole('link', { name: 'Verktyg', exact: true }).click();
  await larare.getByLabel('Sök verktyg').fill(title);
  await larare.getByRole('link', { name: title }).click();
  await expect(larare.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await chooseFile(larare, larare.getByRole('button', { name: 'Välj fil' }), CLASS_LIST);
  await larare.getByRole('button', { name: 'Kör', exact: true }).click();
  await expect(larare.locator('.run-status .badge')).toHaveText('Klar', { timeout: RUN_TIMEOUT });
  const result = larare.locator('.run-result');
  await expect(result.getByText('3 namn lästes från klass-7b.csv.')).toBeVisible();
  for (const name of ['Ada', 'Bo', 'Cilla'])
    await expect(result.getByRole('cell', { name, exact: true })).toBeVisible();
  await expect(larare.getByText('Läste 3 namn.')).toHaveCount(0);
  await shot(larare, 'journey-teacher-result.png');

  expect(problems.items).toEqual([]);
  for (const session of [contributor, administrator, teacher]) await session.context.close();
});
