import fs from 'node:fs';
import os from 'node:os';

/**
 * Which core a run's tool is pinned to (one core per run, contract §5): the core with the fewest of this process's
 * runs on it now, ties in turn. Handed out in plain turn instead, two short runs often landed on one core while
 * the other had nothing to run (measured: a third fewer runs per second at concurrency 4 on two cores). One per
 * process (`runCores`), shared by cold and pooled runs, so that both count.
 */
export class CoreAssigner {
  private readonly running: Map<number, number>;
  private next = 0;

  constructor(private readonly cpus: number[] = allowedCpus()) {
    this.running = new Map(cpus.map((cpu) => [cpu, 0]));
  }

  /** A core for one run; the run gives it back with release() when its process has ended. */
  take(): number {
    let best = this.cpus[this.next % this.cpus.length]!;
    for (let i = 1; i < this.cpus.length; i++) {
      const cpu = this.cpus[(this.next + i) % this.cpus.length]!;
      if (this.running.get(cpu)! < this.running.get(best)!) best = cpu;
    }
    this.next += 1;
    this.running.set(best, this.running.get(best)! + 1);
    return best;
  }

  release(cpu: number): void {
    const count = this.running.get(cpu);
    if (count) this.running.set(cpu, count - 1);
  }

  /** Runs on each core now (tests, metrics). */
  load(): Map<number, number> {
    return new Map(this.running);
  }
}

let processCores: CoreAssigner | undefined;

/** This process's core assigner, shared by every sandbox it starts runs in. */
export function runCores(): CoreAssigner {
  return (processCores ??= new CoreAssigner());
}

function allowedCpus(): number[] {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    const cpus = (list ?? '').split(',').flatMap((part) => {
      const [from, to] = part.split('-').map(Number);
      if (from === undefined || Number.isNaN(from)) return [];
      const last = to === undefined || Number.isNaN(to) ? from : to;
      return Array.from({ length: last - from + 1 }, (_, i) => from + i);
    });
    if (cpus.length > 0) return cpus;
  } catch {
    // fall through
  }
  return Array.from({ length: os.availableParallelism() }, (_, i) => i);
}
