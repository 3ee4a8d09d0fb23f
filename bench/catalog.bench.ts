/**
 * Catalog search under load: seeds 10 000 published tools, then drives the search API with autocannon (a separate
 * process, 50 connections) and prints p50/p99 latency and requests/s of each case next to /healthz on the same
 * server in the same run, as ratios against the goal (p99 ≤ 3× and throughput ≥ 30 % of /healthz). Also prints
 * what the search index costs in heap for these tools.   npm run bench:catalog [-- --tools 10000 --seconds 10]
 * With DATABASE_URL set, the server uses a fresh database on that PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { CatalogIndex } from '../server/src/catalog/catalog-index';
import { DrizzleCatalogRepo } from '../server/src/catalog/catalog.repo';
import { demoTools, seedCatalog } from '../server/src/catalog/catalog-seed';
import type { Database } from '../server/src/db/client';
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
  /** Added here: CPU time of the server (this process) per answered request, in microseconds. */
  serverCpuMicros: number;
}

/** Runs autocannon as a child process (asynchronously: the server under test lives in this process). */
async function load(url: string, cookie: string, seconds = SECONDS): Promise<AutocannonResult> {
  const cpu = process.cpuUsage();
  const result = await autocannon(url, cookie, seconds);
  const used = process.cpuUsage(cpu);
  return { ...result, serverCpuMicros: (used.user + used.system) / Math.max(1, result.requests.total) };
}

function autocannon(
  url: string,
  cookie: string,
  seconds: number,
): Promise<Omit<AutocannonResult, 'serverCpuMicros'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules', '.bin', 'autocannon'), [
      '-c',
      '50',
      '-d',
      String(seconds),
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

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap taken by an index of every runnable tool, built apart from the server's own (which is already built). */
async function indexHeapBytes(database: Database): Promise<{ bytes: number; buildMs: number }> {
  const tools = await new DrizzleCatalogRepo(database.db).findIndexTools();
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = new CatalogIndex();
  index.replaceAll(tools);
  const buildMs = performance.now() - started;
  gc();
  // The server shares this heap: garbage of its own freed between the two reads can outweigh a small index, which
  // then reads as a little below zero; that is "too small to measure", not negative.
  const bytes = Math.max(0, process.memoryUsage().heapUsed - before);
  if (index.size !== tools.length) throw new Error('index incomplete');
  return { bytes, buildMs };
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
  const everything = { professions: [], categories: [] };
  while ((await runtime.catalogIndex.find(everything)).total < TOOLS)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const caughtUpSeconds = (Date.now() - seeded) / 1000;
  const heap = await indexHeapBytes(database);

  console.log(
    `Catalog benchmark — ${TOOLS} published tools (seeded in ${seedSeconds.toFixed(1)} s), database ${database.kind}, ${os.cpus().length} cores`,
  );
  console.log(
    `search index: ${(heap.bytes / 1024 / 1024).toFixed(1)} MB of heap for ${TOOLS} tools, built in ${heap.buildMs.toFixed(0)} ms; the server's index had every seeded tool ${caughtUpSeconds.toFixed(1)} s after seeding began`,
  );
  console.log(`autocannon: 50 connections, ${SECONDS} s per case, load generator in its own process\n`);
  const cases: [string, string][] = [
    ['catalog, no filter (first page)', '/api/v1/catalog/tools'],
    ['search "grupp"', '/api/v1/catalog/tools?q=grupp'],
    ['search "skoladministrator" (diacritics)', '/api/v1/catalog/tools?q=skoladministrator'],
    ['search "sammanställning" (inside compounds)', '/api/v1/catalog/tools?q=sammanst%C3%A4llning'],
    ['search "grupgenerator" (one typo)', '/api/v1/catalog/tools?q=grupgenerator'],
    ['search "grupperna" (another form of "grupp")', '/api/v1/catalog/tools?q=grupperna'],
    ['search + 2 facets', '/api/v1/catalog/tools?q=sam&professions=larare,rektor&categories=administration'],
  ];
  // Warm-up (not reported): the JIT and every cache a real server has after its first minute.
  for (const url of ['/healthz', ...cases.map(([, u]) => u)])
    await load(`${base}${url}`, cookie, Math.min(2, SECONDS));
  // The machine may be shared: each case is measured right after its own /healthz run, and compared with it. The
  // server's CPU time per request is printed too: other processes on the machine barely change it.
  let isEveryCaseMet = true;
  const line = (label: string, r: AutocannonResult) =>
    `${label.padEnd(46)} p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  ${r.requests.average.toFixed(0).padStart(6)} req/s  non-2xx ${r.non2xx}  errors ${r.errors}  server CPU ${r.serverCpuMicros.toFixed(0)} µs/req`;
  for (const [label, url] of cases) {
    const ceiling = await load(`${base}/healthz`, cookie);
    const r = await load(`${base}${url}`, cookie);
    // A p99 below 1 ms is counted as 1 ms, so a ratio never divides by zero.
    const p99Ratio = r.latency.p99 / Math.max(1, ceiling.latency.p99);
    const share = r.requests.average / ceiling.requests.average;
    const isMet = p99Ratio <= 3 && share >= 0.3 && r.non2xx === 0 && r.errors === 0;
    isEveryCaseMet &&= isMet;
    console.log(line('  /healthz (ceiling)', ceiling));
    console.log(line(label, r));
    console.log(
      `${''.padEnd(46)} p99 ${p99Ratio.toFixed(2)}× /healthz (goal ≤ 3×), throughput ${(share * 100).toFixed(0)} % of /healthz (goal ≥ 30 %) — ${isMet ? 'met' : 'MISSED'}`,
    );
  }
  console.log(
    `\ngoal: every case p99 ≤ 3× and throughput ≥ 30 % of /healthz — ${isEveryCaseMet ? 'met' : 'MISSED'} on ${database.kind}`,
  );

  await server.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
