// The browser tier's server: the built app on a fresh embedded database, with a teacher account made first
// through the operator CLI (as an operator would), so the journeys run as the people they are written for.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const [email, password] = [process.env.SKT_E2E_TEACHER_EMAIL, process.env.SKT_E2E_TEACHER_PASSWORD];
const created = spawnSync(
  process.execPath,
  [
    'server/dist/cli.js',
    'user:create',
    '--email',
    email,
    '--role',
    'user',
    '--name',
    'Lärare Test',
    '--password',
    password,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (created.status !== 0) process.exit(created.status ?? 1);
await import(path.join(root, 'server/dist/main.js'));
