// Bundles the server entry points into dist/, inlining the workspace contracts package and leaving npm
// dependencies external (they are installed next to it).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@skriptoteket/'));

await build({
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli/cli.ts',
    'sandbox-host': 'src/sandbox/sandbox-host.process.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  absWorkingDir: new URL('.', import.meta.url).pathname,
  logLevel: 'warning',
});
