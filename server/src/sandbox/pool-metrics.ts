import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PoolObserver } from './sandbox-pool';

/** Prometheus series of the sandbox pool: hits, misses (cold starts), refill time and failures, idle sandboxes. */
export function poolMetrics(registry: Registry): PoolObserver {
  const hits = new Counter({
    name: 'skriptoteket_sandbox_pool_hits_total',
    help: 'Runs handed to a waiting pooled sandbox',
    registers: [registry],
  });
  const misses = new Counter({
    name: 'skriptoteket_sandbox_pool_misses_total',
    help: 'Runs that started a cold sandbox because none was waiting',
    registers: [registry],
  });
  const refill = new Histogram({
    name: 'skriptoteket_sandbox_pool_refill_seconds',
    help: 'Time to start a pooled sandbox until it waits for a run (pre-imports included)',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'skriptoteket_sandbox_pool_refill_failures_total',
    help: 'Pooled sandboxes that did not start',
    registers: [registry],
  });
  const idle = new Gauge({
    name: 'skriptoteket_sandbox_pool_idle',
    help: 'Pooled sandboxes waiting for a run',
    registers: [registry],
  });
  return {
    hit: () => hits.inc(),
    miss: () => misses.inc(),
    refilled: (seconds) => refill.observe(seconds),
    refillFailed: () => failures.inc(),
    idle: (count) => idle.set(count),
  };
}
