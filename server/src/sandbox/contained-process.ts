import { spawn, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';

/** Why the host killed the process group: wall clock, abort signal, disk watcher, runaway output. */
export type HostKill = 'timeout' | 'cancel' | 'disk' | 'output';

export interface LaunchOptions {
  argv: string[];
  env: Record<string, string>;
  /** Written to fd 3 (bwrap `--seccomp 3`). */
  seccomp: Buffer | null;
  stdin?: Buffer;
  wallMs: number;
  /** How much of stdout and of stderr is kept. */
  captureBytes: number;
  /** Past this many bytes on either stream the group is killed ('output'); until then the rest is drained. */
  drainLimitBytes: number;
  signal?: AbortSignal;
  /** Started once the process runs; the returned function stops it. */
  watch?: (pid: number, kill: (why: HostKill) => void) => () => void;
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
  durationMs: number;
}

/**
 * Runs one contained command (taskset → prlimit → setpriv → bwrap, each exec'ing the next) in its own process
 * group and settles when it is gone. To stop it, the host kills the sandbox's pid 1, bwrap's only child: the
 * kernel empties the pid namespace before bwrap can reap it and exit, so when this settles no process of the
 * run is left. Before the sandbox exists (or should bwrap linger) the whole group is killed, and
 * `--die-with-parent` takes down the rest.
 */
export function launchContained(options: LaunchOptions): Promise<LaunchResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.argv[0]!, options.argv.slice(1), {
      detached: true,
      cwd: '/',
      env: options.env,
      stdio: stdioFor(options),
    });
    // Every pipe can fail when the sandbox dies early (a cancel in its first milliseconds: EPIPE on the seccomp
    // program or stdin, ECONNRESET on fd 3). An 'error' event without a listener would take the whole server
    // down; the outcome is read from the exit status instead.
    for (const stream of child.stdio) stream?.on('error', ignoreStreamError);
    let killedBy: HostKill | null = null;
    let hasExited = false;
    let groupKill: NodeJS.Timeout | undefined;
    const killGroup = () => {
      if (hasExited || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const kill = (why: HostKill) => {
      if (killedBy !== null || hasExited || child.pid === undefined) return;
      killedBy = why;
      const inits = childrenOf(child.pid);
      for (const pid of inits) signalQuietly(pid);
      if (inits.length === 0) killGroup();
      else groupKill = setTimeout(killGroup, 1000);
    };
    const stdout = capture(child.stdout!, options, () => kill('output'));
    const stderr = capture(child.stderr!, options, () => kill('output'));
    const onAbort = () => kill('cancel');
    const wall = setTimeout(() => kill('timeout'), options.wallMs);
    let stopWatch = () => {};
    let streamGuard: NodeJS.Timeout | undefined;

    child.once('spawn', () => {
      const fd3 = child.stdio[3] as NodeJS.WritableStream | null;
      if (options.seccomp && fd3) fd3.end(options.seccomp);
      if (options.stdin && child.stdin) child.stdin.end(options.stdin);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.signal?.aborted) kill('cancel');
      if (options.watch) stopWatch = options.watch(child.pid!, kill);
    });
    child.once('error', (error) => {
      if (child.pid !== undefined) return; // after a successful spawn 'close' still follows
      clearTimeout(wall);
      reject(new Error(`could not start ${options.argv[0]}: ${error.message}`));
    });
    child.once('exit', () => {
      hasExited = true;
      clearTimeout(groupKill);
      stopWatch();
      // Only processes inside the pid namespace could hold the pipes, and they die with it; never hang on them.
      streamGuard = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
      }, 2000);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(wall);
      clearTimeout(streamGuard);
      options.signal?.removeEventListener('abort', onAbort);
      const fromBwrap = code !== null && code > 128 ? signalName(code - 128) : null;
      resolve({
        exitCode: fromBwrap ? null : code,
        exitSignal: signal ?? fromBwrap,
        stdout: stdout.text(),
        stderr: stderr.text(),
        isStdoutTruncated: stdout.isTruncated(),
        isStderrTruncated: stderr.isTruncated(),
        killedBy,
        durationMs: Math.round(performance.now() - started),
      });
    });
  });
}

/**
 * The child's descriptors: stdin (or nothing), stdout, stderr, the seccomp program on fd 3. Node opens all of
 * its own descriptors close-on-exec, but one this process inherited without that flag (from a supervisor, a
 * shell, a test runner) would reach the sandbox, and a directory or socket there is an escape. Each such
 * descriptor is replaced by /dev/null in the child.
 */
function stdioFor(options: LaunchOptions): StdioOptions {
  const stdio: StdioOptions = [
    options.stdin ? 'pipe' : 'ignore',
    'pipe',
    'pipe',
    options.seccomp ? 'pipe' : 'ignore',
  ];
  for (const fd of inheritedDescriptors()) {
    if (fd === 3 && options.seccomp) continue;
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

function capture(stream: Readable, options: LaunchOptions, onRunaway: () => void) {
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
