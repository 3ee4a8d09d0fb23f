import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's benchmark commands, run small: they must keep working (a benchmark that broke is found here, not
 * by the next person who needs its numbers). The figures themselves are not judged: timings are not tests.
 */
const root = path.resolve(import.meta.dirname, '..', '..');

function npmRun(args: string[]): Promise<string> {
  // PGlite only: the PostgreSQL half is the same code against another database, and doubles the time.
  const { DATABASE_URL: _postgres, ...env } = process.env;
  return new Promise((resolve, reject) =>
    execFile('npm', ['run', ...args], { cwd: root, env, timeout: 240_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

describe('the benchmarks the README documents', () => {
  it('npm run bench:runs prints latency next to bare python, where the time goes, and throughput with CPU per run', async () => {
    const out = await npmRun(['bench:runs', '--', '--runs', '2', '--throughput-runs', '4']);
    expect(out).toContain('=== database pglite');
    expect(out).toMatch(
      /Trivial tool[\s\S]*platform {2}p50 [\d.]+ ms[\s\S]*bare py {3}p50 [\d.]+ ms[\s\S]*ratio [\d.]+×/,
    );
    expect(out).toMatch(/[\d.]+ ms {2}back from the sandbox → stored/);
    expect(out).toMatch(/pool hits \d+\/\d+/);
    expect(out).toMatch(
      /concurrency 4: [\d.]+ runs\/s .*bare python [\d.]+ runs\/s just before \(ratio [\d.]+\)/,
    );
    expect(out).toMatch(/CPU per run: machine \d+ ms/);
  }, 300_000);

  it('npm run bench:compare exports an earlier commit, installs it, and prints each pair and the mean ratio', async () => {
    // HEAD stands in for the earlier commit: the export, its own install and both sides' drivers are the same code.
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'skt-compare-test-'));
    try {
      const out = await npmRun([
        'bench:compare',
        '--',
        '--against',
        'HEAD',
        '--pairs',
        '1',
        '--runs',
        '6',
        '--tree-dir',
        tree,
      ]);
      expect(out).toMatch(/exporting [0-9a-f]{12} to .* and installing its packages/);
      expect(fs.readFileSync(path.join(tree, '.skt-compare-ready'), 'utf8')).toMatch(/^[0-9a-f]{40}\n$/);
      expect(out).toMatch(
        /=== pglite: this tree against [0-9a-f]{12}, 1 interleaved pairs of 6 runs at concurrency 4 ===/,
      );
      expect(out).toMatch(
        /pair 1: before [\d.]+ runs\/s \(CPU per run: machine \d+ ms, server and client \d+ ms\)/,
      );
      expect(out).toMatch(/now {4}[\d.]+ runs\/s .* → [\d.]+×/);
      expect(out).toMatch(/^pglite: now \/ before throughput [\d.]+× mean of 1 pairs/m);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  }, 300_000);

  it('npm run bench:catalog prints each search case next to /healthz and the index memory', async () => {
    const out = await npmRun(['bench:catalog', '--', '--tools', '40', '--seconds', '1']);
    expect(out).toMatch(/search index: [\d.]+ MB of heap for 40 tools/);
    expect(out).toMatch(/search "grupp" +p50 +\d+ ms +p99 +\d+ ms +\d+ req\/s +non-2xx 0 +errors 0/);
    expect(out).toMatch(/p99 [\d.]+× \/healthz \(goal ≤ 3×\), throughput \d+ % of \/healthz/);
    expect(out).toMatch(/^goal: every case .* on pglite$/m);
  }, 300_000);
});
