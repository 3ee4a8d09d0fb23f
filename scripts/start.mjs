// `npm start`: install what is missing, build, then run the server (which migrates and seeds on start).
import { spawn } from 'node:child_process';
import {
  ensureBuilt,
  ensureDebianPackages,
  ensureNodeModules,
  log,
  root,
  runtimePackages,
} from './setup.mjs';

ensureNodeModules();
const missing = ensureDebianPackages(runtimePackages);
if (missing.length > 0) log(`warning: tools cannot run until these are installed: ${missing.join(' ')}`);
ensureBuilt();

const server = spawn(process.execPath, ['--enable-source-maps', 'server/dist/main.js'], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
