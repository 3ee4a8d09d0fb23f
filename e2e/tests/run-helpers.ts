import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect, request, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, E2E_PORT, TEACHER } from '../playwright.config';
import { reportViolations } from './session-helpers';

export const screenshots = path.resolve(import.meta.dirname, '..', 'screenshots');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Signs the page in through the login form: as the admin, or as the teacher the e2e server was given. */
export async function signIn(page: Page, who: 'admin' | 'teacher' = 'admin'): Promise<void> {
  const account = who === 'admin' ? ADMIN : TEACHER;
  await page.goto('/login');
  await page.getByLabel('E-post').fill(account.email);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(
    who === 'admin' ? 'Administratör' : 'Lärare Test',
  );
}

/** The admin's own API session, for publishing the tools a teacher then runs in the browser. */
export async function adminApi(): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: `http://127.0.0.1:${E2E_PORT}` });
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const login = await api.post('/api/v1/auth/login', {
    headers: { 'x-csrf-token': csrfToken },
    data: { email: ADMIN.email, password: ADMIN.password },
  });
  expect(login.status(), await login.text()).toBe(200);
  return api;
}

export interface ToolSpec {
  title: string;
  source: string;
  summary?: string;
  professions?: string[];
  categories?: string[];
  inputSchema?: unknown[];
  settingsSchema?: unknown[];
  usageInstructions?: string;
}

/** Creates, reviews and publishes a tool through the public API as the signed-in admin; returns its slug. */
export async function publishTool(api: APIRequestContext, tool: ToolSpec): Promise<string> {
  const { csrfToken } = (await (await api.get('/api/v1/auth/csrf')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const created = (await (
    await api.post('/api/v1/admin/tools', {
      headers,
      data: { title: tool.title, summary: tool.summary ?? 'Ett e2e-verktyg.' },
    })
  ).json()) as { id: string; slug: string };
  await api.patch(`/api/v1/admin/tools/${created.id}`, {
    headers,
    data: {
      professions: tool.professions ?? ['larare'],
      categories: tool.categories ?? ['lektionsplanering'],
    },
  });
  await api.post(`/api/v1/admin/tools/${created.id}/lock`, { headers, data: {} });
  const saved = await api.post(`/api/v1/admin/tools/${created.id}/versions`, {
    headers,
    data: {
      baseVersionId: null,
      sourceCode: tool.source,
      entrypoint: 'run_tool',
      inputSchema: tool.inputSchema ?? [],
      settingsSchema: tool.settingsSchema ?? [],
      usageInstructions: tool.usageInstructions ?? '',
    },
  });
  expect(saved.status(), await saved.text()).toBe(201);
  const version = (await saved.json()) as { id: string };
  await api.post(`/api/v1/admin/versions/${version.id}/submit`, { headers, data: { note: '' } });
  expect(
    (await api.post(`/api/v1/admin/versions/${version.id}/publish`, { headers, data: {} })).status(),
  ).toBe(200);
  expect((await api.post(`/api/v1/admin/tools/${created.id}/publish`, { headers })).status()).toBe(200);
  return created.slug;
}

/** Collects the page's Content-Security-Policy violations (console reports and securitypolicyviolation events). */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await reportViolations(page, (text) => violations.push(text));
  return violations;
}

/** A word of its own per test run, so a test never depends on what else the server holds. */
export const unique = (word: string) => `${word} ${Date.now().toString(36)}`;

export const py = (lines: string[]) => `${lines.join('\n')}\n`;

/** Runs axe-core in the page; returns the serious and critical violations (id and the first target). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (no inline scripts) rightly refuses a <script> tag.
  await page.evaluate(axeSource);
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    return axe.run();
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

/** The page never scrolls sideways (tables scroll inside themselves). */
export async function hasNoPageScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
