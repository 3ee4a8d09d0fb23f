import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RecordingLogger } from '../../test/fakes/runs.fakes';
import { LocalRunWorkspace } from './run-workspace';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-workspace-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('run folders on disk', () => {
  it('stages runs under a folder of this process and removes, at start, the folders of processes that are gone', async () => {
    const workspace = new LocalRunWorkspace(base, new RecordingLogger());
    const staged = await workspace.prepare({ sourceCode: 'x = 1\n', memory: { settings: {} }, files: [] });
    expect(path.dirname(staged.runDir)).toBe(workspace.root);
    expect(path.basename(workspace.root)).toMatch(new RegExp(`^${process.pid}\\.\\d+$`));

    // A worker that was killed mid-run left its folder behind; another process is still alive and running.
    const gone = spawn('/bin/true');
    await new Promise((resolve) => gone.once('exit', resolve));
    const abandoned = path.join(base, `${gone.pid}.12345`, 'run-abc');
    fs.mkdirSync(abandoned, { recursive: true });
    fs.writeFileSync(path.join(abandoned, 'script.py'), 'elevdata');
    // Another worker on this machine is alive and running: its folder stays. A folder under the same pid but
    // another start time belonged to an earlier process that had that pid: it is abandoned.
    const alive = spawn('/bin/sleep', ['30']);
    const stat = fs.readFileSync(`/proc/${alive.pid}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const aliveDir = path.join(base, `${alive.pid}.${startTime}`);
    const reusedPidDir = path.join(base, `${alive.pid}.1`);
    for (const dir of [aliveDir, reusedPidDir]) fs.mkdirSync(dir, { recursive: true });

    const log = new RecordingLogger();
    expect(await new LocalRunWorkspace(base, log).removeAbandoned()).toBe(2);
    expect(fs.existsSync(path.dirname(abandoned))).toBe(false);
    expect(fs.existsSync(reusedPidDir)).toBe(false);
    expect(fs.existsSync(aliveDir)).toBe(true);
    expect(fs.existsSync(staged.runDir)).toBe(true);
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'info', fields: expect.objectContaining({ removed: 2 }) }),
    ]);
    alive.kill();
    await staged.cleanup();
  });
});
