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
  'python3-pyflakes',
  'pandoc',
  'python3-pypandoc',
  'python3-matplotlib',
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
  const deadline = Date.now() + APT_LOCK_WAIT_MS;
  // apt-get waits for the dpkg lock itself (DPkg::Lock::Timeout) but fails at once on the lists lock of
  // `update`, so wait here for whatever install is running (unattended-upgrades, another apt-get) first.
  waitForAptLocks({ deadline });
  const lockTimeout = () => `DPkg::Lock::Timeout=${Math.max(1, Math.ceil((deadline - Date.now()) / 1000))}`;
  run('apt-get', ['-o', lockTimeout(), 'update', '-qq'], { env });
  waitForAptLocks({ deadline });
  run('apt-get', ['-o', lockTimeout(), 'install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
  });
  return missing.filter((pkg) => !isInstalled(pkg));
}

/** How long `npm start` waits for another package install to finish before going on without it. */
export const APT_LOCK_WAIT_MS = 5 * 60_000;
export const APT_LOCKS = [
  '/var/lib/dpkg/lock-frontend',
  '/var/lib/dpkg/lock',
  '/var/lib/apt/lists/lock',
  '/var/cache/apt/archives/lock',
];

/**
 * The processes holding any of the given lock files, from /proc/locks (apt and dpkg use fcntl locks, which a
 * Node process cannot probe directly). Lines look like `1: POSIX  ADVISORY  WRITE 1234 fe:00:402117 0 EOF`;
 * waiters (`1: -> POSIX …`) are not holders.
 */
export function aptLockHolders(locks = APT_LOCKS) {
  let table;
  try {
    table = fs.readFileSync('/proc/locks', 'utf8');
  } catch {
    return [];
  }
  const byInode = new Map();
  for (const file of locks) {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat) byInode.set(stat.ino, file);
  }
  const holders = [];
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 6 || fields[1] === '->') continue;
    const file = byInode.get(Number(fields[5].split(':').at(-1)));
    const pid = Number(fields[4]);
    if (file && pid !== process.pid) holders.push({ pid, file, name: processName(pid) });
  }
  return holders;
}

function processName(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** Blocks while another process holds a package lock, up to `deadline`; says once what it waits for. */
export function waitForAptLocks({ deadline, locks = APT_LOCKS, pollMs = 1000 }) {
  let announced = false;
  for (;;) {
    const holders = aptLockHolders(locks);
    if (holders.length === 0) return true;
    if (Date.now() >= deadline) {
      log(`still locked after waiting; trying anyway (held by ${describeHolders(holders)})`);
      return false;
    }
    if (!announced) {
      const minutes = Math.ceil((deadline - Date.now()) / 60_000);
      log(
        `waiting for another package install to finish (${describeHolders(holders)}), up to ${minutes} min…`,
      );
      announced = true;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pollMs);
  }
}

function describeHolders(holders) {
  const unique = [...new Map(holders.map((h) => [h.pid, h])).values()];
  return unique.map((h) => `pid ${h.pid} ${h.name}`).join(', ');
}

const buildTargets = {
  web: {
    out: 'web/dist/index.html',
    sources: ['web/src', 'web/index.html', 'web/vite.config.ts', 'packages/contracts/src'],
  },
  server: {
    out: 'server/dist/main.js',
    sources: ['server/src', 'server/build.mjs', 'packages/contracts/src'],
  },
};

/** Builds the SPA and the server bundle unless they are newer than every source file. */
export function ensureBuilt({ force = false } = {}) {
  const stale = force || Object.values(buildTargets).some(isStale);
  if (!stale) return;
  log('building web and server…');
  mustRun('npm', ['run', 'build', '--silent']);
}

/**
 * The server bundle alone, for the CLI: its stdout is the command's answer, so build output goes to stderr.
 */
export function ensureServerBuilt() {
  if (!isStale(buildTargets.server)) return;
  process.stderr.write('[skriptoteket] building the server…\n');
  const status = run('npm', ['run', 'build', '--silent', '-w', 'server'], {
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (status !== 0) process.exit(status);
}

function isStale({ out, sources }) {
  return newestMtime(sources) > mtime(out);
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
