/**
 * End-to-end run latency and throughput through the HTTP API (submit → terminal status, watched over SSE), next
 * to the same tool code run by bare /usr/bin/python3 on this machine, in the same process run; where each run's time
 * goes (accept → queued → claimed → staged → sandboxed → stored → delivered), the pool's hit rate, and for the
 * throughput cases the CPU each run costs (the machine, this process, the sandbox host, the sandboxes).
 *   npm run bench:runs [-- --runs 50 --throughput-runs 100]   (with DATABASE_URL set: PGlite, then PostgreSQL)
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn, startBenchServer } from './support';

const option = (name: string) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || undefined;
const RUNS = option('runs') ?? 50;
/** Runs per throughput case of the trivial tool: at least 100, since a second of runs says little on a shared machine. */
const THROUGHPUT_RUNS = option('throughput-runs') ?? Math.max(RUNS, 100);
const PYTHON = '/usr/bin/python3';

const TRIVIAL = 'def run_tool(input_dir, output_dir):\n    return "<p>Hej</p>"\n';
const XLSX = [
  'import pandas as pd',
  'def run_tool(input_dir, output_dir):',
  '    df = pd.DataFrame({"elev": [f"Elev {i}" for i in range(200)], "poäng": list(range(200))})',
  '    df.to_excel(output_dir + "/resultat.xlsx", index=False, engine="openpyxl")',
  '    return {"outputs": [{"kind": "notice", "level": "info", "message": "Klar"}]}',
  '',
].join('\n');

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

function bare(source: string, times: number): number[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-bare-'));
  fs.writeFileSync(path.join(dir, 'tool.py'), source);
  fs.mkdirSync(path.join(dir, 'out'));
  const samples = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const result = spawnSync(PYTHON, [
      '-c',
      `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import tool; tool.run_tool(${JSON.stringify(dir)}, ${JSON.stringify(path.join(dir, 'out'))})`,
    ]);
    if (result.status !== 0) throw new Error(result.stderr.toString());
    samples.push(performance.now() - started);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return samples;
}

/** `total` calls of `work`, `concurrency` at a time; the seconds they took. */
async function inParallel(concurrency: number, total: number, work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await work();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** The same script run by bare python, `concurrency` at a time: the machine's ceiling for this tool. */
async function bareThroughput(source: string, concurrency: number, total: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-bare-'));
  fs.writeFileSync(path.join(dir, 'tool.py'), source);
  fs.mkdirSync(path.join(dir, 'out'));
  const program = `import sys; sys.path.insert(0, ${JSON.stringify(dir)}); import tool; tool.run_tool(${JSON.stringify(dir)}, ${JSON.stringify(path.join(dir, 'out'))})`;
  const seconds = await inParallel(
    concurrency,
    total,
    () =>
      new Promise<void>((resolve, reject) =>
        execFile(PYTHON, ['-c', program], (error) => (error ? reject(new Error(error.message)) : resolve())),
      ),
  );
  const perSecond = total / seconds;
  fs.rmSync(dir, { recursive: true, force: true });
  return perSecond;
}

interface CpuTimes {
  machine: number;
  server: number;
  host: number;
  sandboxes: number;
}

/** CPU milliseconds so far: the whole machine (busy, all cores), this process, the sandbox host, and its sandboxes (once ended). */
function cpuNow(hostPid: number | undefined): CpuTimes {
  const tick = 1000 / 100; // USER_HZ
  const all = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const machine = (all[0]! + all[1]! + all[2]! + all[5]! + all[6]! + all[7]!) * tick;
  const own = process.cpuUsage();
  let host = 0;
  let sandboxes = 0;
  try {
    const fields = fs.readFileSync(`/proc/${hostPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    host = (Number(fields[11]) + Number(fields[12])) * tick;
    sandboxes = (Number(fields[13]) + Number(fields[14])) * tick;
  } catch {
    // no host yet
  }
  return { machine, server: (own.user + own.system) / 1000, host, sandboxes };
}

/** The steps of a run as the browser and the server see them, in order (see RunTimeline). */
const STEPS = [
  ['queued', 'HTTP accept → queued'],
  ['claimed', 'queued → claimed by a worker'],
  ['staged', 'claimed → staged (snapshot, syntax verdict, run folder)'],
  ['sandboxed', 'staged → back from the sandbox'],
  ['stored', 'back from the sandbox → stored'],
  ['delivered', 'stored → terminal event written'],
  ['received', 'written → received by the client'],
] as const;

async function benchDatabase(postgresUrl: string | undefined) {
  const server = await startBenchServer('bench_runs', 4, { postgresUrl });
  const { base: origin, database, runtime } = server;
  const base = `${origin}/api/v1`;

  const { users, tools, versions } = runtime.services;
  const admin = await users.createUser({
    email: 'bench@skola.se',
    role: 'admin',
    password: 'bench-lösenord-1',
  });
  const actor = { id: admin.id, role: admin.role };
  const publish = async (title: string, source: string) => {
    const tool = await tools.createTool(actor, { title, summary: '' });
    await tools.updateTool(actor, tool.id, { professions: ['larare'], categories: ['ovrigt'] });
    await tools.acquireLock(actor, tool.id, false);
    const version = await versions.saveVersion(actor, tool.id, {
      baseVersionId: null,
      sourceCode: source,
      entrypoint: 'run_tool',
      inputSchema: [],
      settingsSchema: [],
      usageInstructions: '',
    });
    await versions.submitForReview(actor, version.id, '');
    await versions.publishVersion(actor, version.id, '');
    await tools.setPublished(actor, tool.id, true);
    return tool.slug;
  };
  const trivialSlug = await publish('Bench trivial', TRIVIAL);
  const xlsxSlug = await publish('Bench xlsx', XLSX);

  const { cookie, csrfToken } = await signIn(origin, 'bench@skola.se', 'bench-lösenord-1');

  // The server runs in this process: its step marks are on the same clock as the client's timings.
  const marks = new Map<string, Record<string, number>>();
  runtime.timeline.onMark((runId, phase, at) => {
    const run = marks.get(runId) ?? {};
    run[phase] = at;
    marks.set(runId, run);
  });

  interface RunSample {
    ms: number;
    /** Milliseconds of each step (STEPS), and the tool's own time inside the sandbox. */
    steps: Record<string, number>;
    toolMs: number;
    status: string;
  }

  /** One run end to end: POST, then the SSE stream until a terminal status. */
  async function oneRun(slug: string): Promise<RunSample> {
    const form = new FormData();
    form.set('inputs', '{}');
    const sent = performance.now();
    const response = await fetch(`${base}/tools/${slug}/runs`, {
      method: 'POST',
      headers: { 'x-csrf-token': csrfToken, cookie },
      body: form,
    });
    const { id } = (await response.json()) as { id: string };
    const events = await fetch(`${base}/runs/${id}/events`, { headers: { cookie } });
    const text = await events.text();
    const received = performance.now();
    const last = JSON.parse(
      text
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .at(-1)!
        .slice(6),
    ) as { status: string; durationMs: number; errorSummary?: string | null };
    if (last.status !== 'succeeded') throw new Error(`run ${last.status}: ${last.errorSummary ?? ''}`);
    const at: Record<string, number> = { sent, ...marks.get(id), received };
    marks.delete(id);
    const steps: Record<string, number> = {};
    let previous = sent;
    for (const [step] of STEPS) {
      if (at[step] === undefined) continue;
      steps[step] = at[step] - previous;
      previous = at[step];
    }
    return { ms: received - sent, steps, toolMs: last.durationMs, status: last.status };
  }

  const poolCount = async (name: string) => {
    const metric = await runtime.metrics.getSingleMetric(name)?.get();
    return metric?.values[0]?.value ?? 0;
  };
  const poolCounts = async () => ({
    hits: await poolCount('skriptoteket_sandbox_pool_hits_total'),
    misses: await poolCount('skriptoteket_sandbox_pool_misses_total'),
  });
  const hitRate = (before: { hits: number; misses: number }, after: { hits: number; misses: number }) => {
    const hits = after.hits - before.hits;
    const total = hits + after.misses - before.misses;
    return `pool hits ${hits}/${total}`;
  };

  /**
   * Waits (up to 10 s) until the pool has refilled to the most sandboxes it has had waiting, so neither a run nor a
   * bare python measurement shares the machine with a refill still importing pandas.
   */
  let fullPool = 0;
  async function settled(): Promise<void> {
    const deadline = performance.now() + 10_000;
    for (;;) {
      const idle = await poolCount('skriptoteket_sandbox_pool_idle');
      fullPool = Math.max(fullPool, idle);
      if (idle >= fullPool || performance.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function measure(label: string, slug: string, source: string) {
    await oneRun(slug);
    const before = await poolCounts();
    const samples: RunSample[] = [];
    const bareSamples: number[] = [];
    // Interleaved with bare python, so both see the same machine load; each on a settled pool.
    for (let i = 0; i < RUNS; i++) {
      await settled();
      samples.push(await oneRun(slug));
      await settled();
      bareSamples.push(...bare(source, 1));
    }
    const p50 = percentile(
      samples.map((s) => s.ms),
      50,
    );
    const bareP50 = percentile(bareSamples, 50);
    console.log(`\n${label} (${RUNS} runs, sequential, interleaved with bare python)`);
    console.log(
      `  platform  p50 ${fmt(p50)}  p95 ${fmt(
        percentile(
          samples.map((s) => s.ms),
          95,
        ),
      )}`,
    );
    console.log(`  bare py   p50 ${fmt(bareP50)}  p95 ${fmt(percentile(bareSamples, 95))}`);
    console.log(`  overhead  p50 ${fmt(p50 - bareP50)}  ratio ${(p50 / bareP50).toFixed(2)}×`);
    printSteps('  where the time goes (p50 of each step):', samples);
    console.log(`  ${hitRate(before, await poolCounts())} (a pooled sandbox waited for the run)`);
  }

  function printSteps(heading: string, samples: RunSample[]) {
    console.log(heading);
    for (const [step, description] of STEPS) {
      const values = samples.flatMap((s) => (s.steps[step] === undefined ? [] : [s.steps[step]]));
      if (values.length === 0) continue;
      console.log(`    ${fmt(percentile(values, 50)).padStart(10)}  ${description}`);
      if (step === 'sandboxed') {
        const tool = percentile(
          samples.map((s) => s.toolMs),
          50,
        );
        console.log(`    ${fmt(tool).padStart(10)}    of which the tool ran (hand-over → exit)`);
      }
    }
  }

  async function throughput(slug: string, source: string, concurrency: number, total: number) {
    await settled();
    const bareRate = await bareThroughput(source, concurrency, total);
    await settled();
    const before = await poolCounts();
    const cpuBefore = cpuNow(runtime.sandbox.pid);
    const samples: RunSample[] = [];
    const seconds = await inParallel(concurrency, total, async () => samples.push(await oneRun(slug)));
    const cpu = cpuNow(runtime.sandbox.pid);
    const perRun = (key: keyof CpuTimes) => `${((cpu[key] - cpuBefore[key]) / total).toFixed(0)} ms`;
    const rate = total / seconds;
    console.log(
      `  concurrency ${concurrency}: ${rate.toFixed(1)} runs/s (${total} runs in ${seconds.toFixed(1)} s, ${hitRate(before, await poolCounts())}); bare python ${bareRate.toFixed(1)} runs/s just before (ratio ${(rate / bareRate).toFixed(2)})`,
    );
    console.log(
      `    CPU per run: machine ${perRun('machine')}, of which this process (server and client) ${perRun('server')}, sandbox host ${perRun('host')}, sandboxes ${perRun('sandboxes')}`,
    );
    if (concurrency > 1)
      printSteps('    where the time goes at this concurrency (p50 of each step):', samples);
  }

  console.log(
    `\n=== database ${database.kind} — ${os.cpus().length} cores, 4 in-process workers, pool size ${process.env.SKRIPTOTEKET_POOL_SIZE ?? 'default'} ===`,
  );
  await measure('Trivial tool (returns HTML)', trivialSlug, TRIVIAL);
  await measure('pandas + openpyxl → XLSX', xlsxSlug, XLSX);
  console.log('\nThroughput, trivial tool');
  await throughput(trivialSlug, TRIVIAL, 1, THROUGHPUT_RUNS);
  await throughput(trivialSlug, TRIVIAL, 4, THROUGHPUT_RUNS);
  console.log('\nThroughput, XLSX tool');
  await throughput(xlsxSlug, XLSX, 1, Math.min(RUNS, 20));
  await throughput(xlsxSlug, XLSX, 4, Math.min(RUNS, 20));

  await server.close();
}

/** PGlite always; PostgreSQL too when DATABASE_URL names a server (a fresh database is created and dropped). */
async function main() {
  console.log('Skriptoteket run benchmark');
  await benchDatabase(undefined);
  if (process.env.DATABASE_URL) await benchDatabase(process.env.DATABASE_URL);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
