import type { SystemStatus } from '@skriptoteket/contracts';
import type { Clock } from '../shared/ports';

interface CheckEntry {
  at: number;
  outcome: Promise<void>;
  passed: boolean | null;
}

/**
 * A check whose outcome (pass or failure) is kept for `ttlMs`, so readiness probes every few seconds do not
 * each start a sandbox. Callers during a check share it.
 *
 * Once a pass is older than `ttlMs`, the next caller starts a new check but is answered with the pass it
 * already has while that check runs (for at most `staleGraceMs`): a slow check on a busy machine must not turn
 * the readiness probe red and take a working process out of its load balancer when it is busiest. A failure is
 * never served stale: after one, callers wait for the new check, so recovery shows at once. A check that takes
 * longer than `staleGraceMs` is awaited too, so a hung dependency still shows.
 */
export class CachedCheck {
  /** The latest check that settled, or the first while it runs; `passed` is null until it settles. */
  private last: CheckEntry | null = null;
  private refreshing: CheckEntry | null = null;

  constructor(
    private readonly check: () => Promise<void>,
    private readonly ttlMs: number,
    private readonly clock: Clock,
    private readonly staleGraceMs = 30_000,
  ) {}

  run(): Promise<void> {
    const now = this.clock.now().getTime();
    const last = this.last;
    if (!last) return this.start(now).outcome;
    if (now - last.at < this.ttlMs) return last.outcome;
    if (last.passed !== true) return this.refreshing?.outcome ?? this.start(now).outcome;
    const refresh = this.refreshing ?? this.start(now, { keepLast: true });
    return now - refresh.at < this.staleGraceMs ? last.outcome : refresh.outcome;
  }

  private start(at: number, { keepLast = false } = {}): CheckEntry {
    const outcome = this.check();
    const entry: CheckEntry = { at, outcome, passed: null };
    const settle = (passed: boolean) => {
      entry.passed = passed;
      if (this.refreshing?.outcome === outcome) this.refreshing = null;
      this.last = entry;
    };
    // Rejections are observed by whoever awaits run(); this keeps an unawaited one from crashing the process.
    outcome.then(
      () => settle(true),
      () => settle(false),
    );
    this.refreshing = entry;
    if (!keepLast) this.last = entry;
    return entry;
  }
}

/** The admin's view of what this process needs to do its work. */
export class SystemStatusService {
  /** `sandbox` is null in a process that runs no tools (SKRIPTOTEKET_WORKERS=0): it has nothing to check. */
  constructor(private readonly deps: { sandbox: CachedCheck | null }) {}

  async read(): Promise<SystemStatus> {
    if (!this.deps.sandbox) return { sandbox: { ok: true, message: null } };
    try {
      await this.deps.sandbox.run();
      return { sandbox: { ok: true, message: null } };
    } catch (error) {
      return { sandbox: { ok: false, message: error instanceof Error ? error.message : String(error) } };
    }
  }
}
