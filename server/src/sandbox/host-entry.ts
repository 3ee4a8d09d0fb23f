import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';

/** What fork() starts as the sandbox host. */
export interface HostEntry {
  file: string;
  execArgv: string[];
}

/** Bundled from source once per process (the checkout's code does not change under a running process). */
let bundledFromSource: HostEntry | undefined;

/**
 * The sandbox host's entry. A built server (dist/main.js) starts the bundle built next to it (dist/sandbox-host.js).
 * Run from source (development, tests, benchmarks), the same bundle is built on first use with esbuild, which a
 * source checkout has, into server/dist/dev-host/ under a name that is a hash of its content: the host that runs is
 * the host that ships. A host started through tsx instead carries tsx's module loader (a second thread with its
 * own JavaScript heap, ≈ 30 MB), and the host forks once for every sandbox it starts: a fork copies the page
 * tables of the forking process, and measured here a spawn from a 90 MB process costs 4–6 ms of CPU against 2 ms
 * from a 55 MB one.
 */
export function hostEntry(moduleUrl: string): HostEntry {
  const here = fileURLToPath(moduleUrl);
  const dir = path.dirname(here);
  if (!here.endsWith('.ts')) return { file: path.join(dir, 'sandbox-host.js'), execArgv: [] };
  // Built again if it went away meanwhile (another process's clean-up below, `rm -r dist`).
  if (!bundledFromSource || !fs.existsSync(bundledFromSource.file))
    bundledFromSource = bundleFromSource(path.resolve(dir, '../..'));
  return bundledFromSource;
}

function bundleFromSource(serverDir: string): HostEntry {
  // Found at run time only: a built server has no esbuild, and never reaches this.
  const require = createRequire(import.meta.url);
  const esbuild = require(['esbuild'][0]!) as typeof Esbuild;
  const manifest = JSON.parse(fs.readFileSync(path.join(serverDir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  // As server/build.mjs bundles it: npm dependencies stay external, the workspace's own packages are inlined.
  const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@skriptoteket/'));
  const built = esbuild.buildSync({
    entryPoints: [path.join(serverDir, 'src/sandbox/sandbox-host.process.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    external,
    write: false,
    absWorkingDir: serverDir,
    logLevel: 'silent',
  });
  const code = built.outputFiles[0]!.contents;
  const outDir = path.join(serverDir, 'dist', 'dev-host');
  const file = path.join(
    outDir,
    `sandbox-host-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`,
  );
  if (!fs.existsSync(file)) {
    fs.mkdirSync(outDir, { recursive: true });
    // Other processes (parallel test files) may write the same file at the same moment: each renames its own.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, code);
    fs.renameSync(partial, file);
    // Bundles made over a day ago (earlier states of the source) go: a running host has read its own, and a process
    // that starts its host again builds its bundle again if it is gone.
    for (const name of fs.readdirSync(outDir)) {
      const other = path.join(outDir, name);
      const stat = fs.statSync(other, { throwIfNoEntry: false });
      if (other !== file && stat && Date.now() - stat.mtimeMs > 24 * 3600_000)
        fs.rmSync(other, { force: true });
    }
  }
  return { file, execArgv: ['--enable-source-maps'] };
}
