// `npm run dev`: the API with reload on change (tsx watch) and the Vite dev server with hot reload.
import { spawn } from 'node:child_process';
import { ensureNodeModules, root } from './setup.mjs';

ensureNodeModules();
// Each in a process group of its own, ended as a whole: npm, npx and sh pass a signal on to their child
// unreliably, and a Vite or a server left running would hold its port.
const start = (command, args) => spawn(command, args, { cwd: root, stdio: 'inherit', detached: true });
const children = [
  start('npx', ['tsx', 'watch', 'server/src/main.ts']),
  // Through the web workspace: its Vite is installed there (web/node_modules), not at the root.
  start('npm', ['run', 'dev', '-w', 'web']),
];
let isStopping = false;
const stop = () => {
  if (isStopping) return;
  isStopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
for (const child of children) child.on('exit', stop);
