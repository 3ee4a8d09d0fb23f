// `npm test`: installs what the tests need, builds, runs every tier (unit, integration, API, web, browser)
// and ends with a plain `N passed, N failed` line that CI reads. Exit code is non-zero on any failure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ensureBuilt,
  ensureDebianPackages,
  ensureNodeModules,
  log,
  run,
  runtimePackages,
  testPackages,
} from './setup.mjs';

ensureNodeModules();
const missing = ensureDebianPackages([...runtimePackages, ...testPackages]);
if (missing.length > 0) {
  log(`cannot run the test suite without: ${missing.join(' ')}`);
  process.exit(1);
}
ensureBuilt();

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-reports-'));
const vitestReport = path.join(reports, 'vitest.json');
const playwrightReport = path.join(reports, 'playwright.json');
const vitestArgs = process.argv.slice(2);

log(
  `database tiers: PGlite${process.env.DATABASE_URL ? ' and PostgreSQL (DATABASE_URL)' : ' (set DATABASE_URL to add PostgreSQL)'}`,
);
const vitestStatus = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
  ...vitestArgs,
]);
// The browser tier serves the built app on an embedded database of its own: never on DATABASE_URL's server.
const { DATABASE_URL: _postgres, ...browserEnv } = process.env;
const playwrightStatus = run('npx', ['playwright', 'test', '--config', 'e2e/playwright.config.ts'], {
  env: { ...browserEnv, SKT_PLAYWRIGHT_JSON: playwrightReport },
});

const counts = { passed: 0, failed: 0, skipped: 0 };
if (fs.existsSync(vitestReport)) {
  const v = JSON.parse(fs.readFileSync(vitestReport, 'utf8'));
  counts.passed += v.numPassedTests;
  counts.failed += v.numFailedTests;
  counts.skipped += v.numPendingTests + v.numTodoTests;
} else {
  counts.failed += 1;
  log('vitest produced no report');
}
if (fs.existsSync(playwrightReport)) {
  const p = JSON.parse(fs.readFileSync(playwrightReport, 'utf8'));
  counts.passed += p.stats.expected + p.stats.flaky;
  counts.failed += p.stats.unexpected;
  counts.skipped += p.stats.skipped;
} else {
  counts.failed += 1;
  log('playwright produced no report');
}
fs.rmSync(reports, { recursive: true, force: true });

const failed = counts.failed > 0 || vitestStatus !== 0 || playwrightStatus !== 0;
process.stdout.write(
  `\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n`,
);
process.exit(failed ? 1 : 0);
