/**
 * One side of `npm run bench:compare`: started with its working directory at a source tree's root (this one or an
 * earlier commit's), it starts that tree's server through the tree's own bench/support.ts, publishes the trivial
 * tool, and runs it `--runs` times at concurrency 4 through the HTTP API (POST, then the SSE stream until the
 * terminal status), after 8 warm-up runs. It prints one JSON line: runs per second and CPU per run.
 *
 * It imports nothing of this tree: every module it uses is the measured tree's, so an earlier commit runs its own
 * code. What it calls of that tree (startBenchServer, signIn, the users/tools/versions services) has kept its
 * shape since before warm sandboxes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const TRIVIAL = 'def run_tool(input_dir, output_dir):\n    return "<p>Hej</p>"\n';
const CONCURRENCY = 4;
const WARM_UP = 8;
/**
 * The client, in plain JavaScript on a worker thread: `warmUp` runs one after another, a message, then on 'go'
 * `runs` runs `concurrency` at a time, and a message when they are done (or failed). It speaks HTTP/1.1 with
 * node:http over kept-alive connections and sends one prepared multipart body: its CPU falls on the measured machine
 * (a browser's would not), so it does as little as a client can (measured here: fetch() with a FormData cost about
 * 3.5 ms of CPU per run).
 */
const CLIENT = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { api, slug, cookie, csrfToken, warmUp, runs, concurrency } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency * 2 });
const boundary = 'skriptoteket-compare';
const body = Buffer.from('--' + boundary + '\\r\\nContent-Disposition: form-data; name="inputs"\\r\\n\\r\\n{}\\r\\n--' + boundary + '--\\r\\n');
function request(method, path, headers, payload) {
  return new Promise((resolve, reject) => {
    const req = http.request(api + path, { method, agent, headers: { cookie, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
async function oneRun() {
  const submitted = await request('POST', '/tools/' + slug + '/runs', {
    'x-csrf-token': csrfToken,
    'content-type': 'multipart/form-data; boundary=' + boundary,
    'content-length': body.length,
  }, body);
  if (submitted.status !== 202) throw new Error('submit answered ' + submitted.status + ': ' + submitted.text);
  const { id } = JSON.parse(submitted.text);
  const events = await request('GET', '/runs/' + id + '/events', {});
  if (!events.text.includes('"status":"succeeded"')) throw new Error('run ' + id + ' did not succeed: ' + events.text.slice(-400));
}
(async () => {
  for (let i = 0; i < warmUp; i++) await oneRun();
  parentPort.postMessage({});
  await new Promise((resolve) => parentPort.once('message', resolve));
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < runs) { next += 1; await oneRun(); }
  }));
  agent.destroy();
  parentPort.postMessage({});
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 300;

/** Busy CPU milliseconds of the whole machine, all cores (user, nice, system, irq, softirq, steal). */
function machineMs(): number {
  const all = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (all[0]! + all[1]! + all[2]! + all[5]! + all[6]! + all[7]!) * 10;
}

function processMs(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000;
}

interface Support {
  startBenchServer(
    name: string,
    workers: number,
  ): Promise<{ base: string; runtime: { services: Services }; close(): Promise<void> }>;
  signIn(base: string, email: string, password: string): Promise<{ cookie: string; csrfToken: string }>;
}

interface Actor {
  id: string;
  role: string;
}

/** The services the driver calls, as they have looked since before warm sandboxes. */
interface Services {
  users: { createUser(input: object): Promise<Actor> };
  tools: {
    createTool(actor: Actor, input: object): Promise<{ id: string; slug: string }>;
    updateTool(actor: Actor, id: string, input: object): Promise<unknown>;
    acquireLock(actor: Actor, id: string, force: boolean): Promise<unknown>;
    setPublished(actor: Actor, id: string, published: boolean): Promise<unknown>;
  };
  versions: {
    saveVersion(actor: Actor, toolId: string, input: object): Promise<{ id: string }>;
    submitForReview(actor: Actor, id: string, note: string): Promise<unknown>;
    publishVersion(actor: Actor, id: string, note: string): Promise<unknown>;
  };
}

async function main() {
  const support = (await import(path.join(process.cwd(), 'bench', 'support.ts'))) as Support;
  const server = await support.startBenchServer('compare', CONCURRENCY);
  try {
    const { users, tools, versions } = server.runtime.services;
    const email = 'compare@skola.se';
    const password = 'jämför-lösenord-1';
    const admin = await users.createUser({ email, role: 'admin', password });
    const actor = { id: admin.id, role: admin.role };
    const tool = await tools.createTool(actor, { title: 'Jämförelse', summary: '' });
    await tools.updateTool(actor, tool.id, { professions: ['larare'], categories: ['ovrigt'] });
    await tools.acquireLock(actor, tool.id, false);
    const version = await versions.saveVersion(actor, tool.id, {
      baseVersionId: null,
      sourceCode: TRIVIAL,
      entrypoint: 'run_tool',
      inputSchema: [],
      settingsSchema: [],
      usageInstructions: '',
    });
    await versions.submitForReview(actor, version.id, '');
    await versions.publishVersion(actor, version.id, '');
    await tools.setPublished(actor, tool.id, true);
    const { cookie, csrfToken } = await support.signIn(server.base, email, password);
    const api = `${server.base}/api/v1`;

    // The client runs on its own thread, as a browser is not in the server's process: in PGlite mode the server's
    // one thread is what limits throughput, and a load generator on it would measure itself.
    const client = new Worker(CLIENT, {
      eval: true,
      workerData: {
        api,
        slug: tool.slug,
        cookie,
        csrfToken,
        warmUp: WARM_UP,
        runs,
        concurrency: CONCURRENCY,
      },
    });
    // The client's next message; a client thread that fails or ends without one rejects it (never a hang).
    const message = (): Promise<{ error?: string }> =>
      new Promise((resolve, reject) => {
        const onExit = (code: number) => reject(new Error(`the client thread ended (code ${code})`));
        client.once('error', reject);
        client.once('exit', onExit);
        client.once('message', (value: { error?: string }) => {
          client.off('error', reject);
          client.off('exit', onExit);
          resolve(value);
        });
      });
    const warmedUp = await message();
    if (warmedUp.error) throw new Error(warmedUp.error);
    // Let the pool (where there is one) refill after the warm-up before the clock starts.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const machineBefore = machineMs();
    const processBefore = processMs();
    const started = performance.now();
    client.postMessage('go');
    const done = await message();
    const seconds = (performance.now() - started) / 1000;
    const machine = machineMs() - machineBefore;
    const own = processMs() - processBefore;
    await client.terminate();
    if (done.error) throw new Error(done.error);
    console.log(
      JSON.stringify({
        runsPerSecond: runs / seconds,
        machineMsPerRun: machine / runs,
        processMsPerRun: own / runs,
      }),
    );
  } finally {
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
