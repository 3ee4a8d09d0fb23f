import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { HOME_FILE_FD } from './bwrap';

/** Why the host killed the process group: wall clock, abort signal, disk watcher, runaway output. */
export type HostKill = 'timeout' | 'cancel' | 'disk' | 'output';

export interface SpawnOptions {
  argv: string[];
  /**
   * As root: the unprivileged uid (and gid) the process starts as, with no supplementary groups (Node drops the
   * groups when it changes the uid); its capabilities go with uid 0, and bwrap empties the bounding set. Null or
   * absent: the server's own user.
   */
  uid?: number | null;
  env: Record<string, string>;
  /** Written to fd 3 (bwrap `--seccomp 3`). */
  seccomp: Buffer | null;
  /** Whether stdin is a pipe (a pooled sandbox is handed its run through it); otherwise /dev/null. */
  hasStdin?: boolean;
  /** A pipe on fd 4 the command writes a line to once it is ready for its run, and another once the run began (pooled sandboxes). */
  hasReadyPipe?: boolean;
  /** Written to the pipes from fd 5 on (bwrap `--file`: the home folder's files). */
  homeFiles?: Buffer[];
  /** How much of stdout and of stderr is kept. */
  captureBytes: number;
  /** Past this many bytes on either stream the group is killed ('output'); until then the rest is drained. */
  drainLimitBytes: number;
}

/** What limits a run, counted from `begin`: the wall clock, the cancel signal, and a watcher (disk). */
export interface RunClock {
  wallMs: number;
  signal?: AbortSignal | undefined;
  /** Started with the clock; the returned function stops it. */
  watch?: (pid: number, kill: (why: HostKill) => void) => () => void;
}

export interface LaunchOptions extends SpawnOptions, RunClock {
  stdin?: Buffer;
}

export interface LaunchResult {
  exitCode: number | null;
  /** Also set when bwrap reports that the command died of a signal (exit status 128 + n). */
  exitSignal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  isStdoutTruncated: boolean;
  isStderrTruncated: boolean;
  killedBy: HostKill | null;
  /** From `begin` (the hand-over, for a pooled sandbox) to the end. */
  durationMs: number;
}

/** Runs one contained command and settles when it is gone (see ContainedProcess). */
export function launchContained(options: LaunchOptions): Promise<LaunchResult> {
  const contained = new ContainedProcess({ ...options, hasStdin: options.stdin !== undefined });
  contained.begin(options, options.stdin);
  return contained.finished;
}

/**
 * One contained command (bwrap, after prlimit unless the command limits itself; as the run's own uid when root) in its own process group.
 * It may start before its run does (a pooled sandbox waits, imports done, for a run): `begin` starts the run's
 * clock — the wall limit, the cancel signal, the disk watcher — and hands it its input. To stop it, the host kills
 * the sandbox's pid 1, bwrap's only child: the kernel empties the pid namespace before bwrap can reap it and exit,
 * so when `finished` settles no process of the run is left. Before the sandbox exists (or should bwrap linger)
 * the whole group is killed, and `--die-with-parent` takes down the rest.
 */
export class ContainedProcess {
  /** Settles when the process and its output streams are gone; rejects only when it could not start. */
  readonly finished: Promise<LaunchResult>;
  /** Resolves when the command wrote to its ready pipe; rejects when it ended first. */
  readonly ready: Promise<void>;
  private readonly child: ChildProcess;
  /** The command said on its ready pipe that the run began (a pooled sandbox, before any tool code). */
  hasStarted = false;
  private killedBy: HostKill | null = null;
  private hasExited = false;
  private groupKill: NodeJS.Timeout | undefined;
  private wall: NodeJS.Timeout | undefined;
  private stopWatch: () => void = () => {};
  private began: number | null = null;
  private clock: RunClock | null = null;
  private readonly onAbort = () => this.kill('cancel');

  constructor(private readonly options: SpawnOptions) {
    const ids =
      options.uid === null || options.uid === undefined ? {} : { uid: options.uid, gid: options.uid };
    const child = spawn(options.argv[0]!, options.argv.slice(1), {
      ...ids,
      detached: true,
      cwd: '/',
      env: options.env,
      stdio: stdioFor(options),
    });
    this.child = child;
    // Every pipe can fail when the sandbox dies early (a cancel in its first milliseconds: EPIPE on the seccomp
    // program or stdin, ECONNRESET on fd 3). An 'error' event without a listener would take the whole server
    // down; the outcome is read from the exit status instead.
    for (const stream of child.stdio) stream?.on('error', ignoreStreamError);
    const stdout = capture(child.stdout!, options, () => this.kill('output'));
    const stderr = capture(child.stderr!, options, () => this.kill('output'));
    let markReady: () => void = () => {};
    let markGone: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      markGone = reject;
    });
    this.ready.catch(() => undefined);
    const readyPipe = options.hasReadyPipe ? (child.stdio[4] as Readable | null) : null;
    // One line once ready for a run, a second once the run began there.
    let lines = 0;
    readyPipe?.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines += 1;
      if (lines >= 1) markReady();
      if (lines >= 2) this.hasStarted = true;
    });
    let streamGuard: NodeJS.Timeout | undefined;

    this.finished = new Promise((resolve, reject) => {
      child.once('spawn', () => {
        const fd3 = child.stdio[3] as NodeJS.WritableStream | null;
        if (options.seccomp && fd3) fd3.end(options.seccomp);
        options.homeFiles?.forEach((data, i) =>
          (child.stdio[HOME_FILE_FD + i] as NodeJS.WritableStream).end(data),
        );
      });
      child.once('error', (error) => {
        if (child.pid !== undefined) return; // after a successful spawn 'close' still follows
        this.stopClock();
        markGone(error);
        reject(new Error(`could not start ${options.argv[0]}: ${error.message}`));
      });
      child.once('exit', () => {
        this.hasExited = true;
        clearTimeout(this.groupKill);
        this.stopWatch();
        markGone(new Error('the sandbox ended before it was ready'));
        // Only processes inside the pid namespace could hold the pipes, and they die with it; never hang on them.
        streamGuard = setTimeout(() => {
          for (const stream of child.stdio) (stream as Readable | null)?.destroy();
        }, 2000);
      });
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        this.stopClock();
        clearTimeout(streamGuard);
        const fromBwrap = code !== null && code > 128 ? signalName(code - 128) : null;
        resolve({
          exitCode: fromBwrap ? null : code,
          exitSignal: signal ?? fromBwrap,
          stdout: stdout.text(),
          stderr: stderr.text(),
          isStdoutTruncated: stdout.isTruncated(),
          isStderrTruncated: stderr.isTruncated(),
          killedBy: this.killedBy,
          durationMs: Math.round(performance.now() - (this.began ?? performance.now())),
        });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Starts the run's clock and hands over `input` on stdin (then closed). Once only. */
  begin(clock: RunClock, input?: Buffer): void {
    if (this.began !== null) throw new Error('a contained process runs once');
    this.began = performance.now();
    this.clock = clock;
    if (this.hasExited) return;
    this.wall = setTimeout(() => this.kill('timeout'), clock.wallMs);
    clock.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (clock.signal?.aborted) this.kill('cancel');
    const start = () => {
      if (this.hasExited) return;
      if (input && this.child.stdin) this.child.stdin.end(input);
      else this.child.stdin?.end();
      if (clock.watch) this.stopWatch = clock.watch(this.child.pid!, (why) => this.kill(why));
    };
    if (this.child.pid === undefined) this.child.once('spawn', start);
    else start();
  }

  kill(why: HostKill): void {
    const pid = this.child.pid;
    if (this.killedBy !== null || this.hasExited || pid === undefined) return;
    this.killedBy = why;
    const inits = childrenOf(pid);
    for (const init of inits) signalQuietly(init);
    if (inits.length === 0) this.killGroup();
    else this.groupKill = setTimeout(() => this.killGroup(), 1000);
  }

  private killGroup(): void {
    if (this.hasExited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  private stopClock(): void {
    clearTimeout(this.wall);
    this.clock?.signal?.removeEventListener('abort', this.onAbort);
  }
}

/**
 * The child's descriptors: stdin (or nothing), stdout, stderr, the seccomp program on fd 3. Node opens all of
 * its own descriptors close-on-exec, but one this process inherited without that flag (from a supervisor, a
 * shell, a test runner) would reach the sandbox, and a directory or socket there is an escape. Each such
 * descriptor is replaced by /dev/null in the child.
 */
function stdioFor(options: SpawnOptions): StdioOptions {
  const stdio: StdioOptions = [
    options.hasStdin ? 'pipe' : 'ignore',
    'pipe',
    'pipe',
    options.seccomp ? 'pipe' : 'ignore',
    options.hasReadyPipe ? 'pipe' : 'ignore',
    ...(options.homeFiles ?? []).map(() => 'pipe' as const),
  ];
  const pipes = new Set(stdio.flatMap((kind, fd) => (kind === 'pipe' ? [fd] : [])));
  for (const fd of inheritedDescriptors()) {
    if (pipes.has(fd)) continue;
    devNull ??= fs.openSync('/dev/null', 'r');
    while (stdio.length < fd) stdio.push('ignore');
    stdio[fd] = devNull;
  }
  return stdio;
}

let devNull: number | undefined;
let inherited: number[] | undefined;

/** Open descriptors above 2 without close-on-exec; found once, as Node itself never creates such. */
export function inheritedDescriptors(): number[] {
  inherited ??= fs
    .readdirSync('/proc/self/fd')
    .map(Number)
    .filter((fd) => fd > 2 && !isCloseOnExec(fd));
  return inherited;
}

function isCloseOnExec(fd: number): boolean {
  try {
    const flags = /^flags:\s+([0-7]+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags === undefined || (parseInt(flags, 8) & 0o2000000) !== 0;
  } catch {
    return true; // the descriptor of the directory listing itself, already closed
  }
}

/** The direct children of a process: for bwrap, the sandbox's init (pid 1 inside). */
export function childrenOf(pid: number): number[] {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function ignoreStreamError(): void {
  // see launchContained: the exit status tells what happened
}

function signalQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function signalName(number: number): NodeJS.Signals | null {
  const entry = Object.entries(constants.signals).find(([, value]) => value === number);
  return entry ? (entry[0] as NodeJS.Signals) : null;
}

function capture(stream: Readable, options: SpawnOptions, onRunaway: () => void) {
  const chunks: Buffer[] = [];
  let kept = 0;
  let total = 0;
  stream.on('data', (chunk: Buffer) => {
    total += chunk.length;
    if (kept < options.captureBytes) {
      const part = chunk.subarray(0, options.captureBytes - kept);
      chunks.push(part);
      kept += part.length;
    }
    if (total > options.drainLimitBytes) onRunaway();
  });
  return {
    isTruncated: () => total > kept,
    text: () => {
      const bytes = Buffer.concat(chunks);
      return bytes.subarray(0, total > kept ? utf8Boundary(bytes) : bytes.length).toString('utf8');
    },
  };
}

/** The length of the longest prefix that does not end inside a UTF-8 sequence. */
export function utf8Boundary(bytes: Buffer): number {
  let start = bytes.length - 1;
  while (start > 0 && bytes.length - start < 4 && (bytes[start]! & 0xc0) === 0x80) start -= 1;
  if (start < 0) return 0;
  const lead = bytes[start]!;
  const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + length <= bytes.length ? bytes.length : start;
}
