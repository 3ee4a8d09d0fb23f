/**
 * Throughput of the trivial tool at concurrency 4 through the HTTP API, this tree against an earlier commit of it,
 * on the same machine in interleaved pairs: the order alternates from pair to pair, so a drift in the machine's
 * load falls on both sides. PGlite always; PostgreSQL too when DATABASE_URL names a server (each side gets a fresh
 * database, dropped again). Each side runs bench/compare-driver.ts in its own process, with its own tree's code.
 *   npm run bench:compare [-- --against 93f62df --pairs 5 --runs 300 --tree-dir DIR]
 * The default, 93f62df, is the code before warm sandboxes: the throughput the "Warm sandboxes" work set out to
 * double. The earlier tree is exported with `git archive` to DIR (default: the system temp dir's
 * skt-compare-<commit>) and installed there with `npm ci` once; later runs reuse it. Delete it when done.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const text = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
};
const count = (name: string, fallback: number) => Number(text(name)) || fallback;
const AGAINST = text('against') ?? '93f62df';
const PAIRS = count('pairs', 5);
const RUNS = count('runs', 300);
const READY_MARK = '.skt-compare-ready';

interface Side {
  runsPerSecond: number;
  machineMsPerRun: number;
  processMsPerRun: number;
}

function resolveCommit(revision: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error(
      `commit ${revision} is not in this clone's history (in a shallow clone: git fetch --unshallow)`,
    );
  }
}

/** The earlier commit's files, installed; made once and reused while its ready mark is there. */
function earlierTree(commit: string): string {
  const dir = text('tree-dir') ?? path.join(os.tmpdir(), `skt-compare-${commit.slice(0, 12)}`);
  if (fs.existsSync(path.join(dir, READY_MARK))) return dir;
  console.log(`exporting ${commit.slice(0, 12)} to ${dir} and installing its packages (npm ci, once)…`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = path.join(dir, '.source.tar');
  execFileSync('git', ['archive', '--format=tar', '-o', archive, commit], { cwd: root });
  execFileSync('tar', ['-xf', archive, '-C', dir]);
  fs.rmSync(archive);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  fs.writeFileSync(path.join(dir, READY_MARK), `${commit}\n`);
  return dir;
}

/** One side: the driver in `tree`'s own process and code, on PGlite or the given PostgreSQL server. */
function measure(tree: string, databaseUrl: string | undefined): Promise<Side> {
  const { DATABASE_URL: _unused, ...rest } = process.env;
  const env = databaseUrl ? { ...rest, DATABASE_URL: databaseUrl } : rest;
  const driver = path.join(root, 'bench', 'compare-driver.ts');
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', 'tsx', driver, '--runs', String(RUNS)],
      { cwd: tree, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        if (error || !line.startsWith('{')) {
          reject(new Error(`the driver failed in ${tree}: ${error?.message ?? ''}\n${stdout}\n${stderr}`));
        } else resolve(JSON.parse(line) as Side);
      },
    ),
  );
}

const describeSide = (side: Side) =>
  `${side.runsPerSecond.toFixed(1)} runs/s (CPU per run: machine ${side.machineMsPerRun.toFixed(0)} ms, server and client ${side.processMsPerRun.toFixed(0)} ms)`;

async function compare(engine: string, databaseUrl: string | undefined, before: string, commit: string) {
  console.log(
    `\n=== ${engine}: this tree against ${commit.slice(0, 12)}, ${PAIRS} interleaved pairs of ${RUNS} runs at concurrency 4 ===`,
  );
  const ratios: number[] = [];
  for (let pair = 1; pair <= PAIRS; pair++) {
    const beforeFirst = pair % 2 === 1;
    const first = await measure(beforeFirst ? before : root, databaseUrl);
    const second = await measure(beforeFirst ? root : before, databaseUrl);
    const [earlier, now] = beforeFirst ? [first, second] : [second, first];
    const ratio = now.runsPerSecond / earlier.runsPerSecond;
    ratios.push(ratio);
    console.log(`pair ${pair}: before ${describeSide(earlier)}`);
    console.log(`        now    ${describeSide(now)} → ${ratio.toFixed(2)}×`);
  }
  const mean = ratios.reduce((sum, r) => sum + r, 0) / ratios.length;
  console.log(
    `${engine}: now / before throughput ${mean.toFixed(2)}× mean of ${ratios.length} pairs (lowest ${Math.min(...ratios).toFixed(2)}×, highest ${Math.max(...ratios).toFixed(2)}×)`,
  );
}

async function main() {
  const commit = resolveCommit(AGAINST);
  const before = earlierTree(commit);
  console.log(`Skriptoteket throughput against an earlier commit — ${os.cpus().length} cores`);
  await compare('pglite', undefined, before, commit);
  if (process.env.DATABASE_URL) await compare('postgresql', process.env.DATABASE_URL, before, commit);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
