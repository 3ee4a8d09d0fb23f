// `npm run typecheck`: every TypeScript project, incrementally (build info under node_modules/.cache/typecheck/,
// so an unchanged project is checked in a few seconds). One at a time: on a 2-core machine two side by side took
// as long as both in turn.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root } from './setup.mjs';

const cache = path.join(root, 'node_modules', '.cache', 'typecheck');
const projects = [
  ['tsc', 'server'],
  ['tsc', 'packages/contracts'],
  ['vue-tsc', 'web'],
  ['tsc', 'e2e'],
  ['tsc', 'bench'],
];

let failed = 0;
for (const [compiler, project] of projects) {
  const buildInfo = path.join(cache, `${project.replaceAll('/', '-')}.tsbuildinfo`);
  const args = [compiler, '-p', project, '--noEmit', '--incremental', '--tsBuildInfoFile', buildInfo];
  const { status } = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    failed += 1;
    process.stdout.write(`typecheck failed: ${compiler} -p ${project}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
