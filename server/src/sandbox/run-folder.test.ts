import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFolder, runFolderBase } from './run-folder';

const MB = 1024 * 1024;
const shm =
  (freeMb: number, isTmpfs = true, isWritable = true) =>
  () => ({
    isTmpfs,
    freeBytes: freeMb * MB,
    isWritable,
  });
const onDisk = path.join(os.tmpdir(), 'skriptoteket-runs');

describe('where run folders are made', () => {
  it('in memory (/dev/shm) when it is a tmpfs with room for every run the process may hold at once', () => {
    expect(
      runFolderBase({ configured: undefined, concurrentRuns: 4, bytesPerRun: 306 * MB, probe: shm(2048) }),
    ).toEqual({ dir: '/dev/shm/skriptoteket-runs', inMemory: true });
  });

  it("in the OS temp folder when /dev/shm is too small (a container's 64 MB), not a tmpfs, not writable or absent", () => {
    const base = { configured: undefined, concurrentRuns: 4, bytesPerRun: 306 * MB };
    expect(runFolderBase({ ...base, probe: shm(64) }).dir).toBe(onDisk);
    expect(runFolderBase({ ...base, probe: shm(1223) }).dir).toBe(onDisk);
    expect(runFolderBase({ ...base, probe: shm(1224) }).dir).toBe('/dev/shm/skriptoteket-runs');
    expect(runFolderBase({ ...base, probe: shm(4096, false) }).dir).toBe(onDisk);
    expect(runFolderBase({ ...base, probe: shm(4096, true, false) }).dir).toBe(onDisk);
    expect(runFolderBase({ ...base, probe: () => null })).toEqual({ dir: onDisk, inMemory: false });
  });

  it('where SKRIPTOTEKET_RUN_FOLDER says, whatever /dev/shm offers', () => {
    expect(
      runFolderBase({ configured: 'var/runs', concurrentRuns: 1, bytesPerRun: MB, probe: shm(4096) }),
    ).toEqual({ dir: path.resolve('var/runs'), inMemory: false });
  });

  it("reads a real folder's file system: the OS temp folder is writable, a missing folder offers nothing", () => {
    expect(probeFolder(os.tmpdir())).toMatchObject({ isWritable: true });
    expect(probeFolder(path.join(os.tmpdir(), 'no-such-folder-skriptoteket'))).toBeNull();
  });
});
