import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutput, MAX_OUTPUT_ENTRIES, outputUsage, prepareRunDir } from './run-dir';

let parent: string;
const mode = (file: string) => fs.lstatSync(file).mode & 0o777;

beforeEach(() => {
  parent = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skt-rundir-')), 'runs');
});
afterEach(() => {
  fs.rmSync(path.dirname(parent), { recursive: true, force: true });
});

describe('prepareRunDir', () => {
  it('lays out script, memory, inputs, output and an empty result.json, readable by anyone', async () => {
    const previous = process.umask(0o077);
    try {
      const { runDir } = await prepareRunDir(parent, {
        sourceCode: 'print("hej å")\n',
        memory: { settings: { språk: 'sv' } },
        files: [
          { name: 'b.csv', data: Buffer.from('a,b') },
          { name: 'elev lista.xlsx', data: Buffer.from([0, 1, 2]) },
        ],
      });
      expect(path.dirname(runDir)).toBe(parent);
      expect(mode(parent)).toBe(0o711);
      expect(fs.readdirSync(runDir).sort()).toEqual([
        'input',
        'memory.json',
        'output',
        'result.json',
        'script.py',
      ]);
      expect(fs.readFileSync(path.join(runDir, 'script.py'), 'utf8')).toBe('print("hej å")\n');
      expect(fs.readFileSync(path.join(runDir, 'memory.json'), 'utf8')).toBe('{"settings":{"språk":"sv"}}');
      expect(fs.readFileSync(path.join(runDir, 'result.json'), 'utf8')).toBe('');
      expect(fs.readdirSync(path.join(runDir, 'input')).sort()).toEqual(['b.csv', 'elev lista.xlsx']);
      expect(fs.readFileSync(path.join(runDir, 'input', 'elev lista.xlsx'))).toEqual(Buffer.from([0, 1, 2]));
      for (const dir of ['', 'input', 'output']) expect(mode(path.join(runDir, dir)), dir).toBe(0o755);
      for (const file of ['script.py', 'memory.json', 'result.json', 'input/b.csv']) {
        expect(mode(path.join(runDir, file)), file).toBe(0o644);
      }
    } finally {
      process.umask(previous);
    }
  });

  it.each(['', '.', '..', 'a/b', 'a\0b', 'x'.repeat(256)])('rejects the input file name %j', async (name) => {
    await expect(
      prepareRunDir(parent, { sourceCode: '', memory: {}, files: [{ name, data: Buffer.alloc(0) }] }),
    ).rejects.toThrow(/invalid or duplicate input file name/);
    expect(fs.existsSync(parent) ? fs.readdirSync(parent) : []).toEqual([]);
  });

  it('writes settings with integers beyond 2^53 exactly into memory.json', async () => {
    const { runDir } = await prepareRunDir(parent, {
      sourceCode: '',
      memory: { settings: { antal: 2n ** 64n + 1n } },
      files: [],
    });
    expect(fs.readFileSync(path.join(runDir, 'memory.json'), 'utf8')).toBe(
      '{"settings":{"antal":18446744073709551617}}',
    );
  });

  it('rejects duplicate names instead of renaming', async () => {
    const files = [
      { name: 'a.txt', data: Buffer.from('1') },
      { name: 'a.txt', data: Buffer.from('2') },
    ];
    await expect(prepareRunDir(parent, { sourceCode: '', memory: {}, files })).rejects.toThrow(/duplicate/);
  });

  it('cleans up everything, read-only leftovers included, and may be called twice', async () => {
    const { runDir, cleanup } = await prepareRunDir(parent, { sourceCode: '', memory: {}, files: [] });
    fs.mkdirSync(path.join(runDir, 'output', 'locked'));
    fs.writeFileSync(path.join(runDir, 'output', 'locked', 'f'), 'x');
    fs.chmodSync(path.join(runDir, 'output', 'locked'), 0o500);
    await cleanup();
    await cleanup();
    expect(fs.existsSync(runDir)).toBe(false);
  });

  it('refuses a parent that was there before and that another user could write (or read runs through)', async () => {
    fs.mkdirSync(parent);
    fs.chmodSync(parent, 0o777);
    await expect(prepareRunDir(parent, { sourceCode: '', memory: {}, files: [] })).rejects.toThrow(
      /no one else can write/,
    );
    expect(fs.readdirSync(parent)).toEqual([]);
    fs.chmodSync(parent, 0o711);
    const { cleanup } = await prepareRunDir(parent, { sourceCode: '', memory: {}, files: [] });
    await cleanup();
  });
});

describe('listOutput', () => {
  async function outputDir() {
    const { runDir } = await prepareRunDir(parent, { sourceCode: '', memory: {}, files: [] });
    return { runDir, output: path.join(runDir, 'output') };
  }

  it('lists regular files recursively, sorted by path (code point order), with exact sizes', async () => {
    const { runDir, output } = await outputDir();
    for (const [rel, data] of [
      ['b.txt', 'bb'],
      ['a/c.txt', 'c'],
      ['a-b/x.txt', 'xxx'],
      ['å.txt', ''],
      ['B.txt', 'B'],
    ] as const) {
      fs.mkdirSync(path.dirname(path.join(output, rel)), { recursive: true });
      fs.writeFileSync(path.join(output, rel), data);
    }
    fs.mkdirSync(path.join(output, 'empty'));
    const listing = await listOutput(runDir);
    expect(listing).toEqual({
      files: [
        { relPath: 'B.txt', bytes: 1, absPath: path.join(output, 'B.txt') },
        { relPath: 'a-b/x.txt', bytes: 3, absPath: path.join(output, 'a-b/x.txt') },
        { relPath: 'a/c.txt', bytes: 1, absPath: path.join(output, 'a/c.txt') },
        { relPath: 'b.txt', bytes: 2, absPath: path.join(output, 'b.txt') },
        { relPath: 'å.txt', bytes: 0, absPath: path.join(output, 'å.txt') },
      ],
    });
  });

  it('is empty for an empty output/', async () => {
    const { runDir } = await outputDir();
    expect(await listOutput(runDir)).toEqual({ files: [] });
  });

  it('never follows a symlink, to a file or a directory', async () => {
    const { runDir, output } = await outputDir();
    fs.mkdirSync(path.join(output, 'sub'));
    fs.symlinkSync('/etc', path.join(output, 'sub', 'etc'));
    expect(await listOutput(runDir)).toEqual({ violation: 'output/sub/etc is not a regular file' });
    fs.rmSync(path.join(output, 'sub'), { recursive: true });
    fs.symlinkSync('/etc/passwd', path.join(output, 'passwd'));
    expect(await listOutput(runDir)).toEqual({ violation: 'output/passwd is not a regular file' });
  });

  it('rejects hard links, FIFOs and sockets', async () => {
    const { runDir, output } = await outputDir();
    fs.writeFileSync(path.join(output, 'a'), 'a');
    fs.linkSync(path.join(output, 'a'), path.join(output, 'b'));
    expect(await listOutput(runDir)).toEqual({ violation: 'output/a is a hard link' });
    fs.rmSync(path.join(output, 'b'));
    expect(spawnSync('mkfifo', [path.join(output, 'fifo')]).status).toBe(0);
    expect(await listOutput(runDir)).toEqual({ violation: 'output/fifo is not a regular file' });
    fs.rmSync(path.join(output, 'fifo'));
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(path.join(output, 'sock'), resolve));
    try {
      expect(await listOutput(runDir)).toEqual({ violation: 'output/sock is not a regular file' });
    } finally {
      server.close();
    }
  });

  it('rejects a name that is not UTF-8', async () => {
    const { runDir, output } = await outputDir();
    fs.writeFileSync(Buffer.concat([Buffer.from(`${output}/`), Buffer.from([0xff, 0x41])]), 'x');
    expect(await listOutput(runDir)).toEqual({ violation: 'output/: a file name is not valid UTF-8' });
  });

  it('rejects a missing or replaced output/', async () => {
    const { runDir, output } = await outputDir();
    fs.rmdirSync(output);
    expect(await listOutput(runDir)).toEqual({ violation: 'output/ is not a directory' });
    fs.symlinkSync('/etc', output);
    expect(await listOutput(runDir)).toEqual({ violation: 'output/ is not a directory' });
  });

  it(`rejects more than ${MAX_OUTPUT_ENTRIES} entries, which the disk watcher counts as full`, async () => {
    const { runDir, output } = await outputDir();
    for (let i = 0; i < MAX_OUTPUT_ENTRIES; i++) fs.writeFileSync(path.join(output, String(i)), '');
    expect(await listOutput(runDir)).toMatchObject({ files: expect.any(Array) });
    expect(await outputUsage(runDir)).toBe(0);
    fs.writeFileSync(path.join(output, 'one-more'), '');
    expect(await listOutput(runDir)).toEqual({ violation: `more than ${MAX_OUTPUT_ENTRIES} entries` });
    expect(await outputUsage(runDir)).toBe(Infinity);
  });
});

describe('outputUsage', () => {
  it('adds up what output/ holds, symlinks not followed', async () => {
    const { runDir } = await prepareRunDir(parent, { sourceCode: '', memory: {}, files: [] });
    const output = path.join(runDir, 'output');
    fs.mkdirSync(path.join(output, 'a'));
    fs.writeFileSync(path.join(output, 'a', 'big'), Buffer.alloc(100_000));
    fs.writeFileSync(path.join(output, 'small'), 'x');
    fs.symlinkSync('/usr', path.join(output, 'usr'));
    const usage = await outputUsage(runDir);
    expect(usage).toBeGreaterThanOrEqual(100_001);
    expect(usage).toBeLessThan(120_000);
  });
});
