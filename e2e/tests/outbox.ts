import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { E2E_DATA_DIR } from '../playwright.config';

/** A mail as the server's outbox keeps it (no SMTP is configured in the browser tier). */
export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const outbox = path.join(E2E_DATA_DIR, 'outbox');

function readOutbox(): OutboxMail[] {
  if (!fs.existsSync(outbox)) return [];
  return fs
    .readdirSync(outbox)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(outbox, f), 'utf8')) as OutboxMail);
}

/** Waits for the newest mail to `to` whose subject matches (any subject when none is given). */
export async function mailTo(to: string, subject?: RegExp): Promise<OutboxMail> {
  let found: OutboxMail | undefined;
  await expect
    .poll(
      () => {
        found = readOutbox()
          .reverse()
          .find((m) => m.to === to && (!subject || subject.test(m.subject)));
        return found !== undefined;
      },
      { message: `a mail to ${to}${subject ? ` about ${subject}` : ''}`, timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** The first link in a mail's plain text to `pathname` (e.g. `/verify`), with its query. */
export function linkIn(mail: OutboxMail, pathname: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname === pathname);
  if (!link) throw new Error(`no link to ${pathname} in:\n${mail.text}`);
  return link;
}
