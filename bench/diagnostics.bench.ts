/**
 * How long the editor waits for its diagnostics: the sandboxed checker (compile, pyflakes, entrypoint, warnings)
 * on the starter template and on a 2 000-line source, sequentially. Prints the median and p95 in milliseconds.
 * Run: npx tsx bench/diagnostics.bench.ts
 */
import { STARTER_TEMPLATE } from '../packages/contracts/src/starter-template';
import { PythonSyntaxChecker } from '../server/src/sandbox/python-syntax.checker';

const checker = new PythonSyntaxChecker({ python: process.env.SKRIPTOTEKET_PYTHON ?? '/usr/bin/python3' });
const large =
  Array.from({ length: 200 }, (_, i) => `def hjalp_${i}(x):\n    y = x + ${i}\n    return y * 2\n\n`).join(
    '',
  ) + STARTER_TEMPLATE.sourceCode;

async function measure(name: string, source: string, rounds: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await checker.diagnose(source, 'run_tool');
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
  console.log(
    `${name}: ${source.split('\n').length} lines, ${rounds} checks, median ${at(0.5)} ms, p95 ${at(0.95)} ms`,
  );
}

await measure('starter template', STARTER_TEMPLATE.sourceCode, 20);
await measure('large source', large, 10);
