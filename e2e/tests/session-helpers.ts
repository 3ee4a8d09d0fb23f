import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

export interface Account {
  email: string;
  password: string;
}

/**
 * Every CSP violation and console error of the pages a test watches; journeys assert there are none. Violations
 * are caught twice: the browser's console line, and the page's own `securitypolicyviolation` event.
 */
export class Problems {
  readonly items: string[] = [];

  async watch(page: Page): Promise<Page> {
    page.on('console', (message) => {
      const text = message.text();
      // The browser logs answers it was meant to get: 401 on the sign-in page, 409 while someone else holds the lock.
      if (/Failed to load resource: .* (401|409) /.test(text)) return;
      if (message.type() === 'error' || /Content[- ]Security[- ]Policy|Refused to/i.test(text))
        this.items.push(`${page.url()}: ${text}`);
    });
    page.on('pageerror', (error) => this.items.push(`${page.url()}: ${error.message}`));
    await reportViolations(page, (text) => this.items.push(`CSP ${text}`));
    return page;
  }
}

/** Passes on each `securitypolicyviolation` event the page sees (directive and blocked address). */
export async function reportViolations(page: Page, report: (text: string) => void): Promise<void> {
  await page.exposeFunction('reportViolation', report);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      void (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
}

/** A browser of its own for one person, signed in through the login form and watched for problems. */
export async function signedInPage(
  browser: Browser,
  account: Account,
  problems: Problems,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await problems.watch(await context.newPage());
  await page.goto('/login');
  await page.getByLabel('E-post').fill(account.email);
  await page.getByLabel('Lösenord').fill(account.password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 20_000 });
  return { context, page };
}

/** Picks a file through the file chooser that the labelled button opens, as a person would. */
export async function chooseFile(
  page: Page,
  button: ReturnType<Page['getByRole']>,
  file: { name: string; mimeType: string; content: string },
): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (
    await chooser
  ).setFiles({ name: file.name, mimeType: file.mimeType, buffer: Buffer.from(file.content) });
}
