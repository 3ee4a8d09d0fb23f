import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../shared/ports';
import {
  type BubblewrapSandbox,
  describe,
  diskWatch,
  handOverWritables,
  readResultJson,
  type SpawnLimits,
} from './bubblewrap.sandbox';
import { runCores } from './run-cores';
import { ContainedProcess, type LaunchResult } from './contained-process';
import { HANDED_OVER, handOverMessage, moveBack } from './sandbox-handover';
import { RuntimeFingerprint } from './runtime-fingerprint';
import type { Sandbox, SandboxJob, SandboxLimits, SandboxResult } from './sandbox.ports';

export interface SandboxPoolOptions {
  /** Waiting sandboxes per profile (limits × preload class). 0 turns the pool off: every run starts cold. */
  size: number;
  /** A waiting sandbox older than this is replaced (its interpreter and imports are that old). */
  ttlMs: number;
  /** Modules a waiting sandbox imports before its run (for tools that import any of them). */
  preload: string[];
  /** Where holder dirs live: the same file system as the run dirs, since a run's files are moved, not copied. */
  slotParent: string;
  log: Logger;
  observer?: PoolObserver;
  /** Start replacements by itself: when one is taken, ends or is drained (default). Tests turn it off to control what waits. */
  isKeptFull?: boolean;
}

export interface PoolObserver {
  hit(): void;
  miss(): void;
  refilled(seconds: number): void;
  refillFailed(): void;
  idle(count: number): void;
}

/**
 * Spawn-time limits above any run's: the harness lowers both to the run's own budget (plus what the pre-imports
 * took) before tool code runs (see _harness.py). Until then only the trusted harness runs, for at most
 * READY_TIMEOUT_MS while importing and then idle.
 */
const SPAWN_CPU_SECONDS = 24 * 3600;
const PRELOAD_ADDRESS_SPACE = 2 * 1024 ** 3;
const READY_TIMEOUT_MS = 60_000;
const FINGERPRINT_INTERVAL_MS = 2_000;
/** After this many failed starts in a row a profile stops refilling until a run asks again. */
const MAX_FAILED_STARTS = 3;

interface Slot {
  process: ContainedProcess;
  dir: string;
  uid: number | null;
  bornAt: number;
  isTaken: boolean;
  /** The runtime's fingerprint when it started. */
  signature: string;
  /** Settles once it is gone and cleaned up (when it was never taken; a taken one is cleaned up by its run). */
  retired: Promise<void>;
}

interface Profile {
  key: string;
  limits: SpawnLimits;
  preload: string[];
  ready: Slot[];
  starting: number;
  failedStarts: number;
}

/**
 * Pre-started, single-use sandboxes behind the Sandbox port (docs/SANDBOX.md, "Warm sandboxes"). Each is
 * started exactly as a cold run's (own uid, namespaces, seccomp, rlimits, read-only binds, no network) over an
 * empty holder dir, runs the trusted harness, imports the common libraries and waits. A run moves its files into
 * the holder dir, hands the sandbox its environment and budgets on stdin and starts the wall clock; the sandbox
 * runs once and is torn down, and the pool starts a replacement in the background. When no sandbox is waiting the
 * run starts cold at once: a run never waits for a refill.
 */
export class PooledSandbox implements Sandbox {
  private readonly profiles = new Map<string, Profile>();
  /** Started and not yet cleaned up, taken or not. */
  private readonly live = new Set<Slot>();
  private readonly starts = new Set<Promise<void>>();
  /** Taken sandboxes being cleaned up after their run. */
  private readonly retiring = new Set<Promise<void>>();
  private readonly fingerprint: RuntimeFingerprint;
  private readonly ttlTimer: NodeJS.Timeout;
  private readonly topModules: Set<string>;
  /**
   * A run's core is chosen as it is handed over, not when its sandbox started: sandboxes that started in turn are
   * not taken in turn, and concurrent runs should still spread over the cores.
   */
  private isClosed = false;

  private get isKeptFull(): boolean {
    return !this.isClosed && this.options.isKeptFull !== false;
  }

  constructor(
    private readonly cold: BubblewrapSandbox,
    private readonly options: SandboxPoolOptions,
  ) {
    this.topModules = new Set(options.preload.map((name) => name.split('.')[0]!));
    this.fingerprint = new RuntimeFingerprint(cold.runtimePaths, () => void this.drain('runtime changed'));
    this.fingerprint.watch(FINGERPRINT_INTERVAL_MS);
    this.ttlTimer = setInterval(() => this.expire(), Math.max(1_000, Math.min(options.ttlMs / 4, 30_000)));
    this.ttlTimer.unref();
  }

  selfCheck(): Promise<void> {
    return this.cold.selfCheck();
  }

  /** Starts waiting sandboxes for runs with these limits (both preload classes), e.g. at worker start. */
  warm(limits: SandboxLimits): void {
    for (const isFull of [false, true]) this.refill(this.profileFor(limits, isFull));
  }

  async run(job: SandboxJob): Promise<SandboxResult> {
    if (this.isClosed || this.options.size === 0 || job.signal?.aborted) return this.cold.run(job);
    const profile = this.profileFor(job.limits, this.wantsPreload(job.runDir));
    const slot = this.take(profile);
    if (!slot) {
      this.options.observer?.miss();
      if (this.isKeptFull) this.refill(profile);
      return this.cold.run(job);
    }
    this.options.observer?.hit();
    // The replacement starts once this run's sandbox is gone: starting one (a fork, an interpreter importing
    // libraries) must delay neither the hand-over nor the run, which the pool's other sandboxes cover meanwhile.
    return this.runIn(slot, job, () => {
      if (this.isKeptFull) this.refill(profile);
    });
  }

  /** Resolves once a sandbox waits for a run with these limits and this source (tests, benchmarks). */
  async ready(limits: SandboxLimits, sourceCode: string, timeoutMs = 60_000): Promise<void> {
    const profile = this.profileFor(limits, this.importsPreloaded(sourceCode));
    const deadline = Date.now() + timeoutMs;
    while (profile.ready.length === 0) {
      if (Date.now() > deadline) throw new Error('no pooled sandbox became ready');
      profile.failedStarts = 0;
      this.refill(profile);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Stops every waiting sandbox and starts no more (shutdown). Runs in progress finish. */
  async close(): Promise<void> {
    this.isClosed = true;
    clearInterval(this.ttlTimer);
    this.fingerprint.stop();
    await this.drain('shutdown');
    const waiting = [...this.live].filter((slot) => !slot.isTaken); // still starting
    for (const slot of waiting) slot.process.kill('cancel');
    await Promise.all([...this.starts]);
    // Starts that had not spawned yet stopped themselves (closed); wait until they are gone too.
    const late = [...this.live].filter((slot) => !slot.isTaken && !waiting.includes(slot));
    for (const slot of late) slot.process.kill('cancel');
    await Promise.all([...waiting, ...late].map((slot) => slot.retired));
    await Promise.all([...this.retiring]); // runs that ended just now
  }

  /** Stops the sandboxes waiting now (replacements start unless closed). */
  drainIdle(): Promise<void> {
    return this.drain('asked');
  }

  /** Waiting sandboxes now, per profile key (tests and metrics). */
  idleCount(): number {
    let count = 0;
    for (const profile of this.profiles.values()) count += profile.ready.length;
    return count;
  }

  private profileFor(limits: SandboxLimits, isFull: boolean): Profile {
    const spawn: SpawnLimits = {
      memoryBytes: limits.memoryBytes,
      maxProcesses: limits.maxProcesses,
      diskBytes: limits.diskBytes,
      captureBytes: limits.captureBytes,
      cpuSeconds: 0,
    };
    const key = JSON.stringify({ ...spawn, isFull });
    let profile = this.profiles.get(key);
    if (!profile) {
      const preload = isFull ? this.options.preload : [];
      profile = { key, limits: spawn, preload, ready: [], starting: 0, failedStarts: 0 };
      this.profiles.set(key, profile);
    }
    return profile;
  }

  /** Whether the tool imports any preloaded library (a plain import statement at any indentation). */
  private wantsPreload(runDir: string): boolean {
    if (this.topModules.size === 0) return false;
    let source = '';
    try {
      source = fsSync.readFileSync(path.join(runDir, 'script.py'), 'utf8');
    } catch {
      // not a prepared run dir: it runs cold
    }
    return this.importsPreloaded(source);
  }

  private importsPreloaded(source: string): boolean {
    for (const match of source.matchAll(/^[ \t]*(?:from|import)[ \t]+([A-Za-z_][\w]*)/gm))
      if (this.topModules.has(match[1]!)) return true;
    return false;
  }

  private take(profile: Profile): Slot | null {
    this.fingerprint.quickCheck(); // a change drains the pool before anything is taken
    const slot = profile.ready.shift() ?? null;
    if (slot) slot.isTaken = true;
    this.reportIdle();
    return slot;
  }

  private refill(profile: Profile): void {
    profile.failedStarts = Math.min(profile.failedStarts, MAX_FAILED_STARTS - 1);
    const missing = this.options.size - profile.ready.length - profile.starting;
    for (let i = 0; i < missing; i++) {
      const started = this.start(profile);
      this.starts.add(started);
      void started.finally(() => this.starts.delete(started));
    }
  }

  private async start(profile: Profile): Promise<void> {
    if (this.isClosed || profile.failedStarts >= MAX_FAILED_STARTS) return;
    profile.starting += 1;
    const began = performance.now();
    let slot: Slot | null = null;
    try {
      slot = await this.spawn(profile);
      await withTimeout(slot.process.ready, READY_TIMEOUT_MS);
      profile.failedStarts = 0;
      this.options.observer?.refilled((performance.now() - began) / 1000);
      if (this.isClosed || slot.signature !== this.fingerprint.signature) slot.process.kill('cancel');
      else profile.ready.push(slot);
    } catch (error) {
      slot?.process.kill('cancel');
      if (!this.isClosed) {
        profile.failedStarts += 1;
        this.options.observer?.refillFailed();
        this.options.log.warn({ err: error }, 'a pooled sandbox did not start; runs start cold meanwhile');
      }
    } finally {
      profile.starting -= 1;
      this.reportIdle();
    }
    if (this.isKeptFull && profile.failedStarts > 0 && profile.failedStarts < MAX_FAILED_STARTS)
      this.refill(profile);
  }

  private async spawn(profile: Profile): Promise<Slot> {
    const uid = this.cold.uidPool?.acquire() ?? null;
    let dir: string | null = null;
    try {
      await fs.mkdir(this.options.slotParent, { recursive: true, mode: 0o711 });
      dir = await fs.mkdtemp(path.join(this.options.slotParent, 'slot-'));
      await Promise.all([fs.mkdir(path.join(dir, 'input')), fs.mkdir(path.join(dir, 'output'))]);
      await fs.writeFile(path.join(dir, 'result.json'), '', { flag: 'wx' });
      for (const sub of ['', 'input', 'output']) await fs.chmod(path.join(dir, sub), 0o755);
      await fs.chmod(path.join(dir, 'result.json'), 0o644);
      await handOverWritables(dir, uid);
      const limits: SpawnLimits = {
        ...profile.limits,
        cpuSeconds: SPAWN_CPU_SECONDS,
        memoryBytes: profile.limits.memoryBytes + PRELOAD_ADDRESS_SPACE,
      };
      const harnessArgs = ['--pool', profile.preload.join(',')];
      const spawn = this.cold.spawnOptions({ limits, uid, workDir: dir, contractEnv: {}, harnessArgs });
      const process = new ContainedProcess({ ...spawn, hasStdin: true, hasReadyPipe: true });
      const slot: Slot = {
        process,
        dir,
        uid,
        bornAt: Date.now(),
        isTaken: false,
        signature: this.fingerprint.signature,
        retired: Promise.resolve(),
      };
      this.live.add(slot);
      // A sandbox that ends while waiting (TTL, drain, killed from outside) is retired here; a taken one by its run.
      slot.retired = process.finished
        .catch(() => null)
        .then(() => (slot.isTaken ? undefined : this.retire(profile, slot)));
      return slot;
    } catch (error) {
      if (uid !== null) this.cold.uidPool?.release(uid);
      if (dir) await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Once a sandbox is gone: out of the pool, its uid free, its holder dir removed. */
  private async retire(profile: Profile | null, slot: Slot): Promise<void> {
    const index = profile?.ready.indexOf(slot) ?? -1;
    if (profile && index >= 0) {
      profile.ready.splice(index, 1);
      this.reportIdle();
      if (this.isKeptFull) this.refill(profile); // died while waiting (killed from outside, TTL)
    }
    this.live.delete(slot);
    if (slot.uid !== null) this.cold.uidPool?.release(slot.uid);
    await fs.rm(slot.dir, { recursive: true, force: true }).catch((error: unknown) => {
      this.options.log.warn({ err: error, dir: slot.dir }, 'could not remove a pooled sandbox folder');
    });
  }

  private async runIn(slot: Slot, job: SandboxJob, refill: () => void): Promise<SandboxResult> {
    try {
      const moved: string[] = [];
      try {
        // Synchronous (here and below): renames take microseconds, and this process has nothing else to do.
        for (const name of HANDED_OVER) {
          fsSync.renameSync(path.join(job.runDir, name), path.join(slot.dir, name));
          moved.push(name);
        }
      } catch (error) {
        refill();
        // Not on one file system, or not a prepared run dir: put back what moved and run cold.
        slot.process.kill('cancel');
        moveBack(slot.dir, job.runDir, moved);
        this.options.log.warn({ err: error }, 'could not hand a run to a pooled sandbox; it runs cold');
        return await this.cold.run(job);
      }
      const { limits } = job;
      // Its core is chosen now, where the run begins: the least busy one (runCores).
      const cpu = runCores().take();
      let launched: LaunchResult;
      try {
        slot.process.begin(
          { wallMs: limits.wallMs, signal: job.signal, watch: diskWatch(slot.dir, limits) },
          handOverMessage(job, cpu),
        );
        launched = await slot.process.finished;
      } finally {
        runCores().release(cpu);
      }
      refill();
      if (!slot.process.hasStarted && !job.signal?.aborted) {
        // It died while waiting, just before or as it was taken (its end not yet seen): no tool code ran there.
        moveBack(slot.dir, job.runDir, HANDED_OVER);
        this.options.log.info(
          { exitSignal: launched.exitSignal },
          'a pooled sandbox ended before its run began; it runs cold',
        );
        return await this.cold.run(job);
      }
      // The sandbox is gone: the run's files, and what it wrote, go back where the caller looks for them.
      moveBack(slot.dir, job.runDir, [...HANDED_OVER, 'output', 'result.json']);
      return { ...describe(launched, limits), resultJson: await readResultJson(job.runDir) };
    } finally {
      // Its uid and empty holder dir are freed after the run has its result (close() waits for this).
      const retiring = this.retire(null, slot);
      this.retiring.add(retiring);
      void retiring.finally(() => this.retiring.delete(retiring));
    }
  }

  private expire(): void {
    const oldest = Date.now() - this.options.ttlMs;
    for (const profile of this.profiles.values())
      for (const slot of profile.ready) if (slot.bornAt < oldest) slot.process.kill('cancel');
  }

  private async drain(why: string): Promise<void> {
    const waiting = [...this.profiles.values()].flatMap((profile) => profile.ready.splice(0));
    this.reportIdle();
    if (waiting.length > 0) this.options.log.info({ count: waiting.length, why }, 'drained pooled sandboxes');
    for (const slot of waiting) slot.process.kill('cancel');
    await Promise.all(waiting.map((slot) => slot.retired));
    if (this.isKeptFull) for (const profile of this.profiles.values()) this.refill(profile);
  }

  private reportIdle(): void {
    this.options.observer?.idle(this.idleCount());
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
