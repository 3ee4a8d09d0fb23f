// Installs what a fresh Debian machine lacks: npm dependencies and the Debian packages the product needs.
// Used by `npm start` and `npm test`; plain Node with no dependencies, since it runs before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The tool runtime: the sandbox and Debian's Python with the libraries tools import (TOOL-CONTRACT.md). */
export const runtimePackages = [
  'bubblewrap',
  'python3',
  'python3-pandas',
  'python3-openpyxl',
  'python3-docx',
  'python3-pypdf',
  'python3-markdown',
  'python3-reportlab',
  'weasyprint',
  'python3-jinja2',
  'python3-yaml',
  'pandoc',
  'python3-pypandoc',
  'fonts-dejavu-core',
  'fonts-liberation2',
];
/** Browser tests drive Debian's Chromium; Playwright's own browser download is not reachable. */
export const testPackages = ['chromium'];

export function log(message) {
  process.stdout.write(`[skriptoteket] ${message}\n`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

export function mustRun(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) {
    log(`failed: ${command} ${args.join(' ')} (exit ${status})`);
    process.exit(status);
  }
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  const fresh = fs.existsSync(marker) && fs.statSync(marker).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  log('installing npm dependencies (npm ci)…');
  mustRun('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}

function isInstalled(pkg) {
  try {
    const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return status.toString().includes('install ok installed');
  } catch {
    return false;
  }
}

/**
 * Installs missing Debian packages with apt-get when running as root. Returns the packages still missing
 * (not root, not Debian, or apt failed), so the caller decides whether that is fatal.
 */
export function ensureDebianPackages(packages) {
  if (!fs.existsSync('/usr/bin/dpkg-query')) return packages;
  const missing = packages.filter((pkg) => !isInstalled(pkg));
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) {
    log(`missing Debian packages (run as root to install): sudo apt-get install -y ${missing.join(' ')}`);
    return missing;
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  return missing.filter((pkg) => !isInstalled(pkg));
}

/** Builds the SPA and the server bundle unless they are newer than every source file. */
export function ensureBuilt({ force = false } = {}) {
  const targets = [
    {
      out: 'web/dist/index.html',
      sources: ['web/src', 'web/index.html', 'web/vite.config.ts', 'packages/contracts/src'],
    },
    { out: 'server/dist/main.js', sources: ['server/src', 'server/build.mjs', 'packages/contracts/src'] },
  ];
  const stale = force || targets.some(({ out, sources }) => newestMtime(sources) > mtime(out));
  if (!stale) return;
  log('building web and server…');
  mustRun('npm', ['run', 'build', '--silent']);
}

function mtime(file) {
  const full = path.join(root, file);
  return fs.existsSync(full) ? fs.statSync(full).mtimeMs : 0;
}

function newestMtime(entries) {
  let newest = 0;
  const visit = (full) => {
    const stat = fs.statSync(full);
    if (stat.isDirectory()) for (const name of fs.readdirSync(full)) visit(path.join(full, name));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const entry of entries) if (fs.existsSync(path.join(root, entry))) visit(path.join(root, entry));
  return newest;
}
