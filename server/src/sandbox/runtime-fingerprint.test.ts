import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RuntimeFingerprint } from './runtime-fingerprint';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function libraryDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-fingerprint-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'modul.py'), 'X = 1\n');
  return dir;
}

describe('RuntimeFingerprint', () => {
  it('the check before each hand-over sees a module added to a library folder, once', () => {
    const dir = libraryDir();
    let changes = 0;
    const fingerprint = new RuntimeFingerprint([dir], () => (changes += 1));
    fingerprint.quickCheck();
    expect(changes).toBe(0);
    fs.writeFileSync(path.join(dir, 'ny_modul.py'), 'Y = 2\n');
    fingerprint.quickCheck();
    fingerprint.quickCheck();
    expect(changes).toBe(1);
  });

  it('the full check also sees a module changed in place, which the quick one leaves to it', () => {
    const dir = libraryDir();
    let changes = 0;
    const fingerprint = new RuntimeFingerprint([dir], () => (changes += 1));
    const before = fingerprint.signature;
    fs.writeFileSync(path.join(dir, 'modul.py'), 'X = 12345\n');
    fingerprint.quickCheck();
    expect(changes).toBe(0);
    fingerprint.check();
    expect(changes).toBe(1);
    expect(fingerprint.signature).not.toBe(before);
  });
});
