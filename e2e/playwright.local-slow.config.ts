import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

export const E2E_PORT = Number(process.env.SKT_E2E_PORT ?? 4173);
export const ADMIN = { email: 'rektor@e2e.skola.se', password: 'e2e-admin-lösenord-1' };
export const TEACHER = { email: 'larare@e2e.skola.se', password: 'e2e-lärare-lösenord-1' };

const root = path.resolve(import.meta.dirname, '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-e2e-'));
// The browser tier runs the built app on its own embedded database, whatever DATABASE_URL says. Playwright
// starts the web server with this process's environment plus `env` below, so the variable must go from here.
delete process.env.DATABASE_URL;
const env = process.env;

export default defineConfig({
  testDir: './tests',
  outputDir: path.join(root, 'test-results'),
  timeout: 30_000,
  workers: 1,
  reporter: [
    ['list'],
    [
      'json',
      { outputFile: process.env.SKT_PLAYWRIGHT_JSON ?? path.join(root, 'test-results', 'playwright.json') },
    ],
  ],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    locale: 'sv-SE',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-dev-shm-usage',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'node e2e/serve.mjs',
    cwd: root,
    url: `http://127.0.0.1:${E2E_PORT}/readyz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      ...(env as Record<string, string>),
      PORT: String(E2E_PORT),
      HOST: '127.0.0.1',
      SKRIPTOTEKET_DATA_DIR: dataDir,
      SKRIPTOTEKET_ADMIN_EMAIL: ADMIN.email,
      SKRIPTOTEKET_ADMIN_PASSWORD: ADMIN.password,
      SKT_E2E_TEACHER_EMAIL: TEACHER.email,
      SKT_E2E_TEACHER_PASSWORD: TEACHER.password,
      SKRIPTOTEKET_LOG_LEVEL: 'warn',
    },
  },
});
