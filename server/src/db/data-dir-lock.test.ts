import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  DataDirLockedError,
  describeCommand,
  lockFileFor,
  readHolder,
  type DataDirLock,
} from './data-dir-lock';

const dirs: string[] = [];
const locks: DataDirLock[] = [];
afterEach(() => {
  for (const lock of locks.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-lock-'));
  dirs.push(dir);
  return path.join(dir, 'pglite');
}

function take(dir: string, command = 'the Skriptoteket server'): DataDirLock {
  const lock = acquireDataDirLock(dir, command);
  locks.push(lock);
  return lock;
}

/** A pid that surely belongs to no running process: one that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

function writeHolder(dir: string, fields: Record<string, unknown>): void {
  const holder = {
    pid: process.pid,
    hostname: os.hostname(),
    since: '2026-01-01T08:00:00.000Z',
    command: 'an old server',
    bootId: null,
    startTicks: null,
    ...fields,
  };
  fs.writeFileSync(lockFileFor(dir), JSON.stringify(holder));
}

describe('the data directory lock', () => {
  it('refuses a second opener and names the holder and what to do instead', () => {
    const dir = dataDir();
    const held = take(dir);
    expect(fs.statSync(held.file).mode & 0o777).toBe(0o600);

    let refusal: unknown;
    try {
      take(dir, 'npm run cli -- user:create');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    const message = (refusal as Error).message;
    expect(message).toContain(`process ${process.pid} on ${os.hostname()} (the Skriptoteket server)`);
    expect(message).toContain(`since ${held.holder.since}`);
    expect(message).toContain('npm run cli --');
    expect(message).toContain('DATABASE_URL');
  });

  it('is free again once released, and release leaves a newer holder alone', () => {
    const dir = dataDir();
    take(dir).release();
    const second = take(dir);
    expect(readHolder(second.file)?.since).toBe(second.holder.since);

    fs.writeFileSync(second.file, JSON.stringify({ ...second.holder, since: 'someone else' }));
    second.release();
    expect(fs.existsSync(second.file)).toBe(true);
  });

  it('takes over the lock of a process that has died', () => {
    const dir = dataDir();
    writeHolder(dir, { pid: deadPid() });
    const lock = take(dir);
    expect(readHolder(lock.file)?.pid).toBe(process.pid);
  });

  it('takes over when the recorded pid now belongs to another process (restart, reused pid)', () => {
    const dir = dataDir();
    writeHolder(dir, { pid: process.pid, startTicks: 1 });
    expect(take(dir).holder.pid).toBe(process.pid);
  });

  it('takes over a lock from before a reboot', () => {
    const dir = dataDir();
    writeHolder(dir, { pid: process.pid, bootId: 'another-boot' });
    expect(() => take(dir)).not.toThrow();
  });

  it('leaves a lock held on another host alone: that process cannot be checked from here', () => {
    const dir = dataDir();
    writeHolder(dir, { pid: deadPid(), hostname: 'other-host' });
    expect(() => take(dir)).toThrow(/on other-host \(an old server\)/);
  });

  it('records the command without option values, which may be passwords', () => {
    expect(
      describeCommand(['node', '/x/cli.js', 'user:create', '--password', 'hemligt', '--email=a@b.se']),
    ).toBe('cli.js user:create');
  });
});
