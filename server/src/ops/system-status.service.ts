import type { SystemStatus } from '@skriptoteket/contracts';
import type { Clock } from '../shared/ports';

/**
 * A check whose outcome (pass or failure) is kept for `ttlMs`, so readiness probes every few seconds do not
 * each start a sandbox. Callers during a run share it.
 */
export class CachedCheck {
  private last: { at: number; outcome: Promise<void> } | null = null;

  constructor(
    private readonly check: () => Promise<void>,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  run(): Promise<void> {
    const now = this.clock.now().getTime();
    if (!this.last || now - this.last.at >= this.ttlMs) {
      const outcome = this.check();
      // Rejections are observed by whoever awaits run(); this keeps an unawaited one from crashing the process.
      outcome.catch(() => undefined);
      this.last = { at: now, outcome };
    }
    return this.last.outcome;
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
