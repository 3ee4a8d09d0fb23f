/**
 * Catalog search under load: seeds 10 000 published tools, then drives the search API with autocannon (a separate
 * process, 50 connections) and prints p50/p99 latency and requests/s, next to /healthz on the same server as a
 * ceiling.   npm run bench:catalog [-- --tools 10000 --seconds 10]
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { demoTools, seedCatalog } from '../server/src/catalog/catalog-seed';
import { signIn, startBenchServer } from './support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TOOLS = arg('tools', 10_000);
const SECONDS = arg('seconds', 10);
const root = path.resolve(import.meta.dirname, '..');

interface AutocannonResult {
  latency: { p50: number; p99: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}

/** Runs autocannon as a child process (asynchronously: the server under test lives in this process). */
function load(url: string, cookie: string): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'autocannon'), [
      '-c',
      '50',
      '-d',
      String(SECONDS),
      '-j',
      '-H',
      `cookie=${cookie}`,
      url,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(stdout) as AutocannonResult) : reject(new Error(stderr)),
    );
  });
}

async function main() {
  const server = await startBenchServer('bench_catalog', 0);
  const { base, database, runtime } = server;
  const owner = await runtime.services.users.createUser({
    email: 'bench@skola.se',
    role: 'user',
    password: 'bench-lösenord-1',
  });
  const seeded = Date.now();
  await seedCatalog(database.db, owner.id, demoTools(TOOLS));
  const seedSeconds = (Date.now() - seeded) / 1000;
  const { cookie } = await signIn(base, 'bench@skola.se', 'bench-lösenord-1');

  console.log(
    `Catalog benchmark — ${TOOLS} published tools (seeded in ${seedSeconds.toFixed(1)} s), database ${database.kind}, ${os.cpus().length} cores`,
  );
  console.log(`autocannon: 50 connections, ${SECONDS} s per case, load generator in its own process\n`);
  const cases: [string, string][] = [
    ['/healthz (ceiling)', '/healthz'],
    ['catalog, no filter (first page)', '/api/v1/catalog/tools'],
    ['search "grupp"', '/api/v1/catalog/tools?q=grupp'],
    ['search "skoladministrator" (diacritics)', '/api/v1/catalog/tools?q=skoladministrator'],
    ['search + 2 facets', '/api/v1/catalog/tools?q=sam&professions=larare,rektor&categories=administration'],
  ];
  let ceiling = 0;
  for (const [label, url] of cases) {
    const r = await load(`${base}${url}`, cookie);
    if (ceiling === 0) ceiling = r.requests.average;
    const share = ((r.requests.average / ceiling) * 100).toFixed(0);
    console.log(
      `${label.padEnd(42)} p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  ${r.requests.average.toFixed(0).padStart(6)} req/s (${share}% of /healthz)  non-2xx ${r.non2xx}  errors ${r.errors}`,
    );
  }

  await server.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
