import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { killAll, start } from './processes';

/**
 * `npm start` installs missing Debian packages; when another install holds the package locks it waits for it
 * instead of failing. apt's locks are fcntl locks, so a Python process holding one on a file of our own stands
 * in for a running apt-get, and the real /var/lib/dpkg locks stay untouched.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-aptlock-'));
const lockFile = path.join(dir, 'lock-frontend');
fs.writeFileSync(lockFile, '');
afterEach(killAll);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Holds an fcntl write lock on the file until its stdin closes. */
async function holdLock() {
  const holder = start(
    '/usr/bin/python3',
    [
      '-c',
      `import fcntl, sys\nf = open(${JSON.stringify(lockFile)}, 'w')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\nsys.stdin.read()`,
    ],
    process.env,
  );
  await holder.waitFor(/locked/, 30_000);
  return holder;
}

function waitInSetup(deadlineMs: number) {
  const script = `
    import { waitForAptLocks } from './scripts/setup.mjs';
    const free = waitForAptLocks({ deadline: Date.now() + ${deadlineMs}, locks: [${JSON.stringify(lockFile)}], pollMs: 50 });
    process.stdout.write(free ? 'free\\n' : 'gave up\\n');`;
  return start(process.execPath, ['--input-type=module', '-e', script], process.env);
}

describe('the setup script and the Debian package lock', () => {
  it('waits while another install holds the lock, says so, and goes on once it is released', async () => {
    const holder = await holdLock();
    const setup = waitInSetup(300_000);
    await setup.waitFor(
      new RegExp(
        `waiting for another package install to finish \\(pid ${holder.child.pid} python3\\), up to 5 min`,
      ),
      30_000,
    );
    expect(setup.output()).not.toContain('free');

    holder.child.stdin!.end();
    await setup.waitFor(/free/, 30_000);
    expect(await setup.exited).toBe(0);
  }, 120_000);

  it('gives up after its deadline and says who still holds the lock', async () => {
    const holder = await holdLock();
    const setup = waitInSetup(200);
    await setup.waitFor(/gave up/, 30_000);
    expect(setup.output()).toContain(
      `still locked after waiting; trying anyway (held by pid ${holder.child.pid} python3)`,
    );
    holder.child.stdin!.end();
  }, 120_000);

  it('does not wait when nothing holds the lock', async () => {
    const setup = waitInSetup(300_000);
    await setup.waitFor(/free/, 30_000);
    expect(setup.output()).not.toContain('waiting');
  }, 120_000);
});
