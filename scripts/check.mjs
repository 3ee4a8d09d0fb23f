// `npm run check`: type checks, lint and format checks, then every test tier (`npm test`). Installs the npm
// dependencies first, like `npm test`, so it works on a fresh clone; stops at the first step that fails.
import { ensureNodeModules, mustRun } from './setup.mjs';

ensureNodeModules();
for (const script of ['typecheck', 'lint', 'format:check', 'test']) mustRun('npm', ['run', script]);
