import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  adminApi,
  hasNoPageScroll,
  publishTool,
  py,
  screenshots,
  seriousViolations,
  signIn,
  unique,
} from './run-helpers';

const GROUPS = py([
  'import csv, os',
  'from skriptoteket_toolkit import list_input_files, read_inputs',
  'def run_tool(input_dir, output_dir):',
  '    size = int(read_inputs().get("gruppstorlek", 2))',
  '    with open(list_input_files()[0]["path"], encoding="utf-8") as f:',
  '        names = [row[0].strip() for row in csv.reader(f) if row and row[0].strip()]',
  '    rows = [{"namn": n, "grupp": i // size + 1} for i, n in enumerate(names)]',
  '    with open(os.path.join(output_dir, "grupper.csv"), "w", encoding="utf-8", newline="") as f:',
  '        f.write("namn;grupp\\n" + "".join(f"{r[\'namn\']};{r[\'grupp\']}\\n" for r in rows))',
  '    columns = [{"key": "namn", "label": "Namn"}, {"key": "grupp", "label": "Grupp"}]',
  '    return {"outputs": [{"kind": "table", "title": "Grupper", "columns": columns, "rows": rows}]}',
]);
const GROUPS_SCHEMA = [
  { name: 'gruppstorlek', label: 'Gruppstorlek', kind: 'integer', required: true, default: 2 },
  {
    name: 'lista',
    label: 'Klasslista',
    kind: 'file',
    min: 1,
    max: 1,
    accept: ['.csv'],
    help: 'En elev per rad.',
  },
];
const CLASS_LIST = 'Ada\nBo\nCilla\nDavid\nEbba\n';

const runButton = (page: Page) => page.getByRole('button', { name: 'Kör', exact: true });

async function chooseFile(page: Page, name: string, content: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Välj fil' }).click();
  await (await chooser).setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
}

// Each test publishes its tool and runs it in the real sandbox, with screenshots and axe scans on the way.
test.describe.configure({ timeout: 90_000 });

// Tools are published by the admin; the journeys are the teacher's.
let admin: APIRequestContext;
test.beforeAll(async () => {
  admin = await adminApi();
});
test.afterAll(async () => {
  await admin.dispose();
});

test.beforeEach(async ({ page }) => {
  await signIn(page, 'teacher');
});

test('a teacher uploads a class list, sees the groups and downloads the produced file', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const streams: string[] = [];
  const polls: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/events')) streams.push(request.url());
    if (/\/api\/v1\/runs\/[0-9a-f-]{36}$/.test(request.url())) polls.push(request.url());
  });
  const title = unique('Gruppindelning');
  const slug = await publishTool(admin, { title, source: GROUPS, inputSchema: GROUPS_SCHEMA });
  await page.goto(`/tools/${slug}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // Kör reads as unavailable until the form is complete, yet pressing it says what is missing.
  await expect(runButton(page)).toBeDisabled();
  await runButton(page).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Välj en fil för "Klasslista".')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Välj fil' })).toBeFocused();

  await chooseFile(page, 'elever.txt', CLASS_LIST);
  await expect(
    page.getByText('Filen "elever.txt" är inte en CSV-fil. Välj en fil av typen .csv.'),
  ).toBeVisible();
  await chooseFile(page, 'klass-7a.csv', CLASS_LIST);
  await expect(page.getByRole('list', { name: 'Valda filer' })).toContainText('klass-7a.csv');
  await page.getByLabel('Gruppstorlek').fill('3');
  await runButton(page).click();

  await expect(page).toHaveURL(/\?run=[0-9a-f-]{36}$/);
  await expect(page.locator('.run-status .badge')).toHaveText('Klar', { timeout: 20_000 });
  const result = page.locator('.run-result');
  for (const text of ['Grupper', 'Ada', 'Cilla', 'Ebba']) await expect(result).toContainText(text);

  // Live over the event stream: no polling fallback was needed.
  expect(streams).toHaveLength(1);
  expect(polls).toEqual([]);

  const download = page.waitForEvent('download');
  await result.getByRole('link', { name: /grupper\.csv/ }).click();
  const file = await (await download).path();
  expect(fs.readFileSync(file, 'utf8')).toBe('namn;grupp\nAda;1\nBo;1\nCilla;1\nDavid;2\nEbba;2\n');

  await page.reload();
  await expect(page.locator('.run-status .badge')).toHaveText('Klar');
  await expect(result).toContainText('Ebba');
  expect(consoleErrors).toEqual([]);

  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screenshots, `run-result-${width}.png`), fullPage: true });
    expect(await hasNoPageScroll(page)).toBe(true);
  }
  expect(await seriousViolations(page)).toEqual([]);
});

test('a multi-step tool continues twice with prefilled forms and keeps the earlier steps readable', async ({
  page,
}) => {
  const slug = await publishTool(admin, {
    title: unique('Stegvis'),
    source: py([
      'from skriptoteket_toolkit import get_action_parts',
      'def run_tool(i, o):',
      '    action, data, state = get_action_parts()',
      '    steps = (state.get("steps", []) + [data.get("antal")]) if action else []',
      '    n = len(steps) + 1',
      '    field = {"name": "antal", "label": "Antal", "kind": "integer"}',
      '    actions = [{"action_id": "fortsatt", "label": "Fortsätt", "kind": "form", "fields": [field],',
      '                "prefill": {"antal": n * 10}}] if n < 3 else []',
      '    text = f"Resultat av steg {n}: " + ",".join(str(s) for s in steps)',
      '    return {"outputs": [{"kind": "markdown", "markdown": text}], "next_actions": actions,',
      '            "state": {"steps": steps}}',
    ]),
  });
  await page.goto(`/tools/${slug}`);
  await runButton(page).click();
  await expect(page.getByText('Resultat av steg 1:')).toBeVisible({ timeout: 20_000 });

  await expect(page.getByLabel('Antal')).toHaveValue('10');
  await page.getByRole('button', { name: 'Fortsätt' }).last().click();
  await expect(page.getByText('Resultat av steg 2: 10')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByLabel('Antal')).toHaveValue('20');
  await page.getByLabel('Antal').fill('25');
  await page.getByRole('button', { name: 'Fortsätt' }).last().click();
  await expect(page.getByText('Resultat av steg 3: 10,25')).toBeVisible({ timeout: 20_000 });

  await expect(page.getByRole('heading', { name: 'Steg 1' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Steg 2: Fortsätt' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Steg 3: Fortsätt' })).toBeVisible();
  await expect(page.getByText('Resultat av steg 1:')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Fortsätt' })).toHaveCount(0);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(screenshots, 'run-steps-1280.png'), fullPage: true });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Steg 1' })).toBeVisible();
  await expect(page.getByText('Resultat av steg 3: 10,25')).toBeVisible();
});

test('a tool that refuses the input shows its own message, never a traceback', async ({ page }) => {
  const slug = await publishTool(admin, {
    title: unique('Kontroll'),
    source: py([
      'from tool_errors import ToolUserError',
      'def run_tool(i, o):',
      '    raise ToolUserError("Klasslistan saknar kolumnen Namn. Lägg till den och försök igen.")',
    ]),
  });
  await page.goto(`/tools/${slug}`);
  await runButton(page).click();

  await expect(page.locator('.run-status .badge')).toHaveText('Misslyckades', { timeout: 20_000 });
  await expect(page.locator('.run-result')).toContainText('Klasslistan saknar kolumnen Namn.');
  await expect(page.getByText(/Traceback|File "\/work/)).toHaveCount(0);
});

test('a long-running tool can be cancelled while it runs', async ({ page }) => {
  const slug = await publishTool(admin, {
    title: unique('Långsam'),
    source: py(['import time', 'def run_tool(i, o):', '    time.sleep(60)', '    return "klar"']),
  });
  await page.goto(`/tools/${slug}`);
  await runButton(page).click();
  await expect(page.locator('.run-status .badge')).toHaveText('Körs', { timeout: 20_000 });
  await expect(page.locator('.run-status')).toContainText(/[1-9] s/, { timeout: 5_000 });

  await page.getByRole('button', { name: 'Avbryt' }).click();
  await expect(page.locator('.run-status .badge')).toHaveText('Avbruten');
  await expect(page.getByText('Körningen avbröts.').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Avbryt' })).toHaveCount(0);
});

test('a past run reopens from "Mina körningar" and runs again with the same choices and file', async ({
  page,
}) => {
  const title = unique('Omkörning');
  const slug = await publishTool(admin, { title, source: GROUPS, inputSchema: GROUPS_SCHEMA });
  await page.goto(`/tools/${slug}`);
  await chooseFile(page, 'klass-8b.csv', 'Hugo\nIda\nJonna\n');
  await page.getByLabel('Gruppstorlek').fill('1');
  await runButton(page).click();
  await expect(page.locator('.run-status .badge')).toHaveText('Klar', { timeout: 20_000 });

  await page.getByRole('navigation').getByRole('link', { name: 'Mina körningar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mina körningar' })).toBeVisible();
  await page.getByLabel('Verktyg').selectOption({ label: title });
  await expect(page).toHaveURL(new RegExp(`tool=${slug}`));
  const row = page.getByRole('row').filter({ hasText: title });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('klass-8b.csv');
  await expect(row).toContainText('Klar');
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screenshots, `runs-${width}.png`), fullPage: true });
    expect(await hasNoPageScroll(page)).toBe(true);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  expect(await seriousViolations(page)).toEqual([]);

  await row.getByRole('link', { name: /Öppna körningen/ }).click();
  await expect(page).toHaveURL(/\/runs\/[0-9a-f-]{36}$/);
  await expect(page.locator('.run-result')).toContainText('Jonna');
  await page.screenshot({ path: path.join(screenshots, 'run-page-1280.png'), fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Kör igen med samma val' }).click();
  await expect(page).toHaveURL(new RegExp(`/tools/${slug}\\?rerun=`));
  await expect(page.getByLabel('Gruppstorlek')).toHaveValue('1');
  await expect(page.getByText('Filerna från förra körningen skickas med: klass-8b.csv')).toBeVisible();
  await runButton(page).click();
  await expect(page).toHaveURL(/\?run=/);
  await expect(page.locator('.run-status .badge')).toHaveText('Klar', { timeout: 20_000 });
  await expect(page.locator('.run-result')).toContainText('Jonna');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the form is filled and sent and the result reached with the keyboard alone', async ({ page }) => {
  const slug = await publishTool(admin, {
    title: unique('Tangentbord'),
    source: py([
      'from skriptoteket_toolkit import list_input_files, read_inputs',
      'def run_tool(i, o):',
      '    v = read_inputs()',
      '    names = ",".join(f["name"] for f in list_input_files())',
      '    return {"outputs": [{"kind": "markdown", "markdown": f"Hej {v[\'namn\']} ({v[\'sprak\']}) {names}"}]}',
    ]),
    inputSchema: [
      { name: 'namn', label: 'Namn', kind: 'string', required: true },
      {
        name: 'sprak',
        label: 'Språk',
        kind: 'enum',
        required: true,
        options: [
          { value: 'sv', label: 'Svenska' },
          { value: 'en', label: 'Engelska' },
        ],
      },
      { name: 'fil', label: 'Fil', kind: 'file', min: 0, max: 1 },
    ],
  });
  await page.goto(`/tools/${slug}`);
  const focus = () => page.evaluate(() => document.activeElement?.closest('.field, form')?.textContent ?? '');

  await page.getByLabel('Namn').focus();
  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  expect(await focus()).toContain('Språk');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Välj fil' })).toBeFocused();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'bilaga.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await expect(page.getByRole('button', { name: 'Ta bort bilaga.txt' })).toBeVisible();

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Ta bort bilaga.txt' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(runButton(page)).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 2, name: 'Resultat' })).toBeFocused();
  await expect(page.getByText('Hej Ada (sv) bilaga.txt')).toBeVisible({ timeout: 20_000 });
  expect(await seriousViolations(page)).toEqual([]);
});
