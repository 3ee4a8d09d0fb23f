// The browser tier's server: the built app on a fresh embedded database, with a teacher and a contributor
// account made first through the operator CLI (as an operator would), so the journeys run as the people they
// are written for.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const accounts = [
  [process.env.SKT_E2E_TEACHER_EMAIL, process.env.SKT_E2E_TEACHER_PASSWORD, 'user', 'Lärare Test'],
  [
    process.env.SKT_E2E_CONTRIBUTOR_EMAIL,
    process.env.SKT_E2E_CONTRIBUTOR_PASSWORD,
    'contributor',
    'Maja Bidrag',
  ],
];
for (const [email, password, role, name] of accounts) {
  const created = spawnSync(
    process.execPath,
    [
      'server/dist/cli.js',
      'user:create',
      '--email',
      email,
      '--role',
      role,
      '--name',
      name,
      '--password',
      password,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (created.status !== 0) process.exit(created.status ?? 1);
}
await import(path.join(root, 'server/dist/main.js'));
