import fs from 'node:fs/promises';
import fsSync, { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  containedArgv,
  harnessLimitArgs,
  DEFAULT_UID_RANGE,
  requireTools,
  runtimeLayout,
  sandboxEnv,
  seccompProgram,
  uidPoolFor,
  type RuntimeLayout,
  type UidPool,
} from './bwrap';
import { launchContained, type LaunchResult, type SpawnOptions } from './contained-process';
import { watchDisk } from './disk-watch';
import { compileRunner } from './runner-bytecode';
import { FontCache, type HomeFile } from './font-cache';
import { prepareRunDir, scratchWorkDir } from './run-dir';
import { runCores } from './run-cores';
import type { Sandbox, SandboxJob, SandboxLimits, SandboxResult } from './sandbox.ports';

export interface BubblewrapSandboxOptions {
  /** The tool runtime's interpreter (Debian's, with the contract's libraries). */
  python?: string;
  /** Extra library dirs, bound read-only at the same path and put on PYTHONPATH. */
  pythonPath?: string[];
  /** Host path of runner/ (harness and helper modules), bound read-only at /runner. */
  runnerDir: string;
  /** Sandbox uids [from, to) when the server runs as root; each run gets one of its own. */
  uidRange?: [number, number];
  /** Tests only: bwrap starts this much later, as when sandbox setup is slow on a loaded machine. */
  testSetupDelayMs?: number;
  /** Where caches built once per runtime live (matplotlib's font list); none when unset. */
  cacheDir?: string;
}

const RESULT_JSON_CAP = 16 * 1024 * 1024;
/** Output is drained (and dropped) up to this multiple of the capture cap, then the group is killed. */
const RUNAWAY_OUTPUT_FACTOR = 64;

/**
 * One fresh bubblewrap sandbox per run (docs/SANDBOX.md). As root, every run gets its own uid, which its process
 * starts with (before bwrap): RLIMIT_NPROC is not enforced for uid 0 and counts per uid, so concurrent
 * runs must not share one. Not as root, bwrap runs as the server's own user and the process limit counts all of that user's
 * processes (a dedicated service user keeps that meaningful).
 */
export class BubblewrapSandbox implements Sandbox {
  private readonly layout: RuntimeLayout;
  private readonly runnerDir: string;
  private readonly uids: UidPool | null;
  private readonly seccomp = seccompProgram();
  private readonly beforeBwrap: string[];
  private readonly fontCache: FontCache | null;
  private homeFiles: HomeFile[] = [];
  /** The folders Python's site module adds to sys.path here, once probed (then the harness runs without site). */
  private siteDirs: string[] | null = null;

  constructor(options: BubblewrapSandboxOptions) {
    this.layout = runtimeLayout(options.python ?? '/usr/bin/python3', options.pythonPath ?? []);
    this.runnerDir = path.resolve(options.runnerDir);
    const isRoot = process.getuid?.() === 0;
    this.uids = isRoot ? uidPoolFor(options.uidRange ?? DEFAULT_UID_RANGE) : null;
    const delay = options.testSetupDelayMs;
    this.beforeBwrap = delay ? ['/bin/sh', '-c', 'sleep "$0"; exec "$@"', String(delay / 1000)] : [];
    this.fontCache = options.cacheDir ? new FontCache(options.cacheDir, this.runtimePaths) : null;
    const found = this.fontCache?.find();
    if (found) this.homeFiles = [found];
  }

  /** The runner's modules compiled once, before sandboxes start (runner-bytecode.ts). */
  compileRunner(): 'compiled' | 'read-only' {
    return compileRunner(this.layout.python, this.runnerDir);
  }

  /**
   * Builds matplotlib's font list for this runtime unless it was built before (font-cache.ts); sandboxes started
   * afterwards get it. 'built' means sandboxes started earlier lack it.
   */
  async prepareFontCache(): Promise<'found' | 'built' | 'none'> {
    if (!this.fontCache) return 'none';
    if (this.homeFiles.length > 0) return 'found';
    const built = await this.fontCache.build(
      async (workDir, command) => (await this.launchOver(workDir, command)).exitCode,
      this.layout.python,
    );
    if (!built) return 'none';
    this.homeFiles = [built];
    return 'built';
  }

  /**
   * Asks the interpreter, in a sandbox, which folders its site module adds to sys.path; from then on the harness
   * starts with `-S` and adds them itself (site costs every sandbox several ms of CPU). Unchanged when the answer
   * is unusable.
   */
  async probeSitePath(): Promise<string[] | null> {
    const work = scratchWorkDir(os.tmpdir());
    try {
      const program = 'import sys; sys.stdout.write("\\0".join(sys.path))';
      const [withSite, withoutSite] = await Promise.all(
        [[], ['-S']].map(async (flags) => {
          const launched = await this.launchOver(work, [this.layout.python, ...flags, '-c', program]);
          if (launched.exitCode !== 0) throw new Error(`probing sys.path failed: ${launched.stderr.trim()}`);
          return launched.stdout.split('\0');
        }),
      );
      const added = withSite!.filter((entry) => !withoutSite!.includes(entry));
      const isUsable =
        withoutSite!.every((entry) => withSite!.includes(entry)) &&
        added.every((entry) => path.isAbsolute(entry) && !entry.includes(':'));
      this.siteDirs = isUsable ? added : null;
      return this.siteDirs;
    } finally {
      fsSync.rmSync(work, { recursive: true, force: true });
    }
  }

  /**
   * The harness's command line (with `extra` arguments): without the site module once its folders are known. Its
   * `limits` come first: the harness sets them before it does anything else.
   */
  harnessCommand(extra: string[] = [], limits: string[] = []): string[] {
    const { python } = this.layout;
    if (this.siteDirs === null) return [python, '/runner/harness.py', ...limits, ...extra];
    return [python, '-S', '/runner/harness.py', ...limits, '--site', this.siteDirs.join(':'), ...extra];
  }

  /** One trusted command in a sandbox like a run's, over a prepared folder (output/ and result.json writable). */
  private async launchOver(workDir: string, command: string[]): Promise<LaunchResult> {
    const uid = this.uids?.acquire() ?? null;
    try {
      await handOverWritables(workDir, uid);
      const limits = { memoryBytes: 2 << 30, cpuSeconds: 120, maxProcesses: 16, diskBytes: 64 << 20 };
      return await launchContained({
        ...this.spawnOptions({
          limits: { ...limits, captureBytes: 1 << 20 },
          uid,
          workDir,
          contractEnv: {},
          command,
        }),
        wallMs: 120_000,
      });
    } finally {
      if (uid !== null) this.uids?.release(uid);
    }
  }

  async run(job: SandboxJob): Promise<SandboxResult> {
    if (job.signal?.aborted) return cancelledBeforeStart();
    const uid = this.uids?.acquire() ?? null;
    let cpu: number | null = null;
    try {
      await handOverWritables(job.runDir, uid);
      const { limits } = job;
      // The harness moves itself to the run's core before any tool code runs.
      cpu = runCores().take();
      const harnessArgs = ['--cpu', String(cpu)];
      const launched = await launchContained({
        ...this.spawnOptions({ limits, uid, workDir: job.runDir, contractEnv: job.env, harnessArgs }),
        wallMs: limits.wallMs,
        signal: job.signal,
        watch: diskWatch(job.runDir, limits),
      });
      return { ...describe(launched, limits), resultJson: await readResultJson(job.runDir) };
    } finally {
      if (cpu !== null) runCores().release(cpu);
      if (uid !== null) this.uids?.release(uid);
    }
  }

  /**
   * How to start one contained process with `limits` over `workDir` (a prepared run dir, or a pooled sandbox's
   * holder dir): the harness with `harnessArgs`, which sets the limits on itself first, or another `command`, which
   * prlimit limits. `cpuSeconds` and the address space may be raised for what runs before a pooled sandbox's run.
   */
  spawnOptions(spec: {
    limits: SpawnLimits;
    uid: number | null;
    workDir: string;
    contractEnv: Record<string, string>;
    harnessArgs?: string[];
    command?: string[];
  }): SpawnOptions {
    const { limits } = spec;
    const processLimits = {
      addressSpaceBytes: limits.memoryBytes,
      cpuSeconds: limits.cpuSeconds,
      processes: limits.maxProcesses,
      fileSizeBytes: limits.diskBytes,
      openFiles: 256,
    };
    const argv = containedArgv(requireTools(), {
      layout: this.layout,
      limits: processLimits,
      tmpfsBytes: limits.diskBytes,
      work: { runDir: spec.workDir, runnerDir: this.runnerDir },
      hasSeccomp: this.seccomp !== null,
      command: spec.command ?? this.harnessCommand(spec.harnessArgs, harnessLimitArgs(processLimits)),
      isSelfLimited: spec.command === undefined,
      beforeBwrap: this.beforeBwrap,
      homeFiles: this.homeFiles.map((file) => file.name),
    });
    return {
      argv,
      uid: spec.uid,
      env: sandboxEnv(this.layout, spec.contractEnv),
      seccomp: this.seccomp,
      homeFiles: this.homeFiles.map((file) => file.data),
      captureBytes: limits.captureBytes,
      drainLimitBytes: limits.captureBytes * RUNAWAY_OUTPUT_FACTOR,
    };
  }

  /** Sandbox uids as root (one per contained process), null otherwise. */
  get uidPool(): UidPool | null {
    return this.uids;
  }

  get python(): string {
    return this.layout.python;
  }

  /** What the tool runtime is made of on the host: a change here means started interpreters are stale. */
  get runtimePaths(): string[] {
    return [this.layout.python, ...this.layout.binds, this.runnerDir];
  }

  /** Runs a trivial tool through the real sandbox and says what is missing when that fails. */
  async selfCheck(): Promise<void> {
    requireTools();
    await access(this.layout.python, constants.X_OK, `the tool runtime ${this.layout.python} is missing`);
    const harness = path.join(this.runnerDir, 'harness.py');
    await access(harness, constants.R_OK, `the runner harness ${harness} is missing`);
    const userns = await fs.readFile('/proc/sys/user/max_user_namespaces', 'utf8').catch(() => null);
    if (userns?.trim() === '0') {
      throw new Error(
        'sandbox: user namespaces are disabled (sysctl user.max_user_namespaces=0); bwrap needs them',
      );
    }
    const staged = await prepareRunDir(path.join(os.tmpdir(), 'skriptoteket-selfcheck'), {
      sourceCode: 'def run_tool(input_dir, output_dir):\n    return "ok"\n',
      memory: { settings: {} },
      files: [],
    });
    try {
      const limits = { wallMs: 20_000, memoryBytes: 1 << 30, maxProcesses: 64, cpuSeconds: 20 };
      const result = await this.run({
        runDir: staged.runDir,
        env: { SKRIPTOTEKET_SCRIPT_PATH: '/work/script.py', SKRIPTOTEKET_ENTRYPOINT: 'run_tool' },
        limits: { ...limits, diskBytes: 16 << 20, captureBytes: 64 << 10 },
      });
      if (result.exitCode !== 0 || !result.resultJson?.includes('"status":"succeeded"')) {
        const detail =
          result.stderr.trim().slice(-800) || `outcome ${result.outcome}, exit ${result.exitCode}`;
        throw new Error(`sandbox: a trivial tool did not run (${hint(detail)}): ${detail}`);
      }
    } finally {
      await staged.cleanup();
    }
  }
}

async function access(file: string, mode: number, message: string): Promise<void> {
  await fs.access(file, mode).catch(() => {
    throw new Error(`sandbox: ${message}`);
  });
}

function hint(stderr: string): string {
  if (/namespace|uid map|setting up uid|Operation not permitted/i.test(stderr))
    return 'user namespaces refused?';
  if (/No such file|not found|Can't find source path/i.test(stderr))
    return 'a path is missing or not traversable';
  return 'see stderr';
}

/** output/ and result.json become the sandbox uid's (lchown: never through a link). */
export async function handOverWritables(runDir: string, uid: number | null): Promise<void> {
  const output = path.join(runDir, 'output');
  const result = path.join(runDir, 'result.json');
  const [outputStat, resultStat] = await Promise.all([fs.lstat(output), fs.lstat(result)]);
  if (!outputStat.isDirectory() || !resultStat.isFile())
    throw new Error(`${runDir} is not a prepared run dir`);
  if (uid !== null) await Promise.all([fs.lchown(output, uid, uid), fs.lchown(result, uid, uid)]);
}

/** The limits fixed when a contained process starts (the wall clock starts with its run). */
export type SpawnLimits = Omit<SandboxLimits, 'wallMs'>;

/** The disk watcher of one run over `workDir` (output/ there plus the sandbox's /tmp and /dev/shm). */
export function diskWatch(workDir: string, limits: SandboxLimits) {
  return (pid: number, kill: (why: 'disk') => void) =>
    watchDisk(pid, workDir, { diskBytes: limits.diskBytes, tmpfsBytes: limits.diskBytes }, () =>
      kill('disk'),
    );
}

export function cancelledBeforeStart(): SandboxResult {
  return {
    outcome: 'cancelled',
    killReason: null,
    exitCode: null,
    exitSignal: null,
    stdout: '',
    stderr: '',
    isStdoutTruncated: false,
    isStderrTruncated: false,
    resultJson: null,
    durationMs: 0,
  };
}

export function describe(launched: LaunchResult, limits: SandboxLimits): Omit<SandboxResult, 'resultJson'> {
  const { killedBy, ...rest } = launched;
  if (killedBy === 'timeout') return { ...rest, outcome: 'timed_out', killReason: null };
  if (killedBy === 'cancel') return { ...rest, outcome: 'cancelled', killReason: null };
  if (killedBy) return { ...rest, outcome: 'killed', killReason: killedBy };
  const signal = rest.exitSignal;
  if (!signal) return { ...rest, outcome: 'exited', killReason: null };
  // One core: CPU time never exceeds wall time, so an earlier SIGKILL cannot come from the CPU hard limit.
  const isCpu = signal === 'SIGXCPU' || (signal === 'SIGKILL' && rest.durationMs >= limits.cpuSeconds * 1000);
  return { ...rest, outcome: 'killed', killReason: isCpu ? 'cpu' : 'signal' };
}

/** Never through a symlink, never a special file, never more than RESULT_JSON_CAP bytes; empty → null. */
export async function readResultJson(runDir: string): Promise<string | null> {
  // Synchronous: four tiny calls in the sandbox host, which has nothing else to wait for meanwhile.
  let fd: number | undefined;
  try {
    const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
    fd = fsSync.openSync(path.join(runDir, 'result.json'), flags);
    const stat = fsSync.fstatSync(fd);
    if (!stat.isFile() || stat.size === 0 || stat.size > RESULT_JSON_CAP) return null;
    const buffer = Buffer.alloc(stat.size);
    const bytesRead = fsSync.readSync(fd, buffer, 0, stat.size, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fsSync.closeSync(fd);
  }
}
