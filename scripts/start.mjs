// `npm start`: install what is missing, build, then run the server (which migrates and seeds on start), and
// start it again should it ever die after it was up (in embedded mode the run workers live inside it).
import { spawn } from 'node:child_process';
import {
  ensureBuilt,
  ensureDebianPackages,
  ensureNodeModules,
  log,
  root,
  runtimePackages,
} from './setup.mjs';

/** A server that dies sooner than this after starting has a start-up problem: restarting would not help. */
const MIN_UPTIME_MS = Number(process.env.SKRIPTOTEKET_RESTART_MIN_UPTIME_SECONDS ?? 30) * 1000;
/** At most this many restarts within RESTART_WINDOW_MS, so a crash loop ends with a message, not forever. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 10 * 60_000;

ensureNodeModules();
const missing = ensureDebianPackages(runtimePackages);
if (missing.length > 0) log(`warning: tools cannot run until these are installed: ${missing.join(' ')}`);
ensureBuilt();

let server;
let stopping = false;
const restarts = [];

function startServer() {
  const startedAt = Date.now();
  server = spawn(process.execPath, ['--enable-source-maps', 'server/dist/main.js'], {
    cwd: root,
    stdio: 'inherit',
  });
  server.on('exit', (code, signal) => {
    const status = code ?? (signal ? 1 : 0);
    if (stopping || status === 0) process.exit(status);
    const now = Date.now();
    while (restarts.length > 0 && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
    if (now - startedAt < MIN_UPTIME_MS || restarts.length >= MAX_RESTARTS) {
      log(`the server stopped (${signal ?? `exit ${code}`}); not restarting it`);
      process.exit(status);
    }
    restarts.push(now);
    log(`the server stopped unexpectedly (${signal ?? `exit ${code}`}); starting it again`);
    startServer();
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    server.kill(signal);
  });
}
startServer();
