import fs from 'node:fs';
import path from 'node:path';

/**
 * The command line of one contained process (docs/SANDBOX.md §1): [prlimit →] bwrap (new user, pid, ipc, uts,
 * network and cgroup namespaces; read-only system dirs; private /tmp) → a seccomp filter → the command. As root,
 * the process is started with a fresh unprivileged uid and gid and no supplementary groups (`uid` in
 * SpawnOptions), because RLIMIT_NPROC is not enforced for uid 0. Shared by the tool sandbox and the syntax checker.
 */

const TOOL_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/** Sandbox uids [from, to) when the server runs as root: far from system and login users and from subuid ranges. */
/**
 * Sandbox uids when running as root. Runs' sandboxes are started by the sandbox host process (RUN_UID_RANGE), the
 * server's own checks (syntax, diagnostics) by the server process (DEFAULT_UID_RANGE): two processes never hand out
 * the same uid. (Several worker processes on one machine share RUN_UID_RANGE with random starting points.)
 */
export const DEFAULT_UID_RANGE: [number, number] = [200_000, 230_000];
export const RUN_UID_RANGE: [number, number] = [230_000, 260_000];

function findTool(name: string): string | null {
  for (const dir of TOOL_DIRS) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // try the next directory
    }
  }
  return null;
}

let installed: Tools | undefined;

/** The wrappers' paths; throws naming what is not installed. */
export function requireTools(): Tools {
  if (installed) return installed;
  const found = {
    bwrap: findTool('bwrap'),
    prlimit: findTool('prlimit'),
  };
  const missing = Object.entries(found).filter(([, file]) => file === null);
  if (missing.length > 0) {
    const names = missing.map(([name]) => name).join(', ');
    throw new Error(`sandbox: ${names} not installed (apt-get install bubblewrap util-linux)`);
  }
  installed = found as Tools;
  return installed;
}

/**
 * The only bits of the host's /etc and /var a tool sees: shared-library lookup, BLAS via alternatives (numpy),
 * fontconfig (WeasyPrint, matplotlib) and its font cache (else every PDF run scans the fonts again), matplotlib's
 * rc file (Debian keeps it in /etc), MIME types and the local time zone.
 */
const ETC_BINDS = [
  '/etc/alternatives',
  '/etc/ld.so.cache',
  '/etc/fonts',
  '/etc/matplotlibrc',
  '/etc/mime.types',
  '/etc/timezone',
  '/var/cache/fontconfig',
];

export interface RuntimeLayout {
  python: string;
  /** Read-only binds at the same path, beyond /usr and /etc (a runtime outside /usr, extra library dirs). */
  binds: string[];
  /** /etc/localtime as a symlink target (zone name readable by tzlocal and friends), or null. */
  localtime: string | null;
  pathEnv: string;
  pythonPathEnv: string | null;
}

export function runtimeLayout(python: string, pythonPath: string[] = []): RuntimeLayout {
  if (!path.isAbsolute(python)) throw new Error(`the tool runtime must be an absolute path: ${python}`);
  const binds = new Set<string>();
  for (const binary of [python, safeRealpath(python)]) {
    // A runtime outside /usr (a venv, /opt/python) needs its whole prefix: bin/ and lib/. Never '/' (as for
    // /bin/python3 on a merged /usr, which is bound anyway).
    const prefix = binary ? path.dirname(path.dirname(binary)) : '/';
    if (binary && !binary.startsWith('/usr/') && prefix !== '/') binds.add(prefix);
  }
  const libraries = pythonPath.map((dir) => path.resolve(dir));
  for (const dir of libraries) binds.add(dir);
  for (const entry of ETC_BINDS) if (fs.existsSync(entry)) binds.add(entry);
  let localtime: string | null = null;
  try {
    const target = fs.readlinkSync('/etc/localtime');
    if (target.includes('zoneinfo/')) localtime = path.resolve('/etc', target);
  } catch {
    localtime = null;
  }
  const pathEnv = [...new Set([path.dirname(python), '/usr/bin', '/bin'])].join(':');
  return {
    python,
    binds: [...binds],
    localtime,
    pathEnv,
    pythonPathEnv: libraries.length > 0 ? libraries.join(':') : null,
  };
}

function safeRealpath(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

/** Hands out sandbox uids so that concurrent runs never share one (RLIMIT_NPROC counts per uid). */
export class UidPool {
  private readonly inUse = new Set<number>();

  constructor(private readonly range: [number, number]) {
    if (!(range[0] > 0 && range[1] > range[0]))
      throw new Error(`invalid sandbox uid range ${range.join('-')}`);
  }

  acquire(): number {
    const [low, high] = this.range;
    if (this.inUse.size >= high - low) throw new Error('no free sandbox uid');
    // A random start keeps two server processes (sharing the range) from walking the same sequence.
    let uid = low + Math.floor(Math.random() * (high - low));
    while (this.inUse.has(uid)) uid = uid + 1 >= high ? low : uid + 1;
    this.inUse.add(uid);
    return uid;
  }

  release(uid: number): void {
    this.inUse.delete(uid);
  }
}

const pools = new Map<string, UidPool>();

/** One pool per range in this process, shared by the sandbox and the syntax checker. */
export function uidPoolFor(range: [number, number]): UidPool {
  const key = range.join('-');
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = new UidPool(range)));
  return pool;
}

/** The first descriptor of the pipes that carry the home folder's files (3: seccomp, 4: a pooled sandbox's ready pipe). */
export const HOME_FILE_FD = 5;

export interface ProcessLimits {
  addressSpaceBytes: number;
  cpuSeconds: number;
  processes: number;
  fileSizeBytes: number;
  openFiles: number;
}

export interface ContainedCommand {
  layout: RuntimeLayout;
  limits: ProcessLimits;
  /** Size of the /tmp and /dev/shm tmpfs each. */
  tmpfsBytes: number;
  /** Run dir (read-only at /work, with output/ and result.json writable) and runner dir (read-only at /runner). */
  work: { runDir: string; runnerDir: string } | null;
  /** Whether a seccomp program is passed on fd 3 (see seccompProgram). */
  hasSeccomp: boolean;
  command: string[];
  /** Tests only: a command that execs the rest (used to delay bwrap's start). */
  beforeBwrap?: string[];
  /**
   * Files the home folder starts with (caches built once, such as matplotlib's font list), by name: bwrap copies
   * each from a pipe on fd HOME_FILE_FD + i.
   */
  homeFiles?: string[];
  /**
   * Whether the command sets `limits` on itself before it runs anything untrusted (the harness, given
   * harnessLimitArgs): then no prlimit `exec` precedes bwrap. Otherwise prlimit sets them before bwrap starts.
   */
  isSelfLimited?: boolean;
}

/** The harness's `--limits` option: the same limits as prlimit's, which the harness sets before any tool code loads. */
export function harnessLimitArgs(limits: ProcessLimits): string[] {
  const values = [
    limits.addressSpaceBytes,
    limits.cpuSeconds,
    limits.processes,
    limits.fileSizeBytes,
    limits.openFiles,
  ];
  if (!values.every((value) => Number.isSafeInteger(value) && value >= 0)) {
    throw new Error(`not a limit: ${values.join(',')}`);
  }
  return ['--limits', values.join(',')];
}

export interface Tools {
  prlimit: string;
  bwrap: string;
}

export function containedArgv(tools: Tools, spec: ContainedCommand): string[] {
  const { limits, layout } = spec;
  const argv: string[] = [];
  if (!spec.isSelfLimited) {
    argv.push(tools.prlimit, `--as=${limits.addressSpaceBytes}`, `--cpu=${limits.cpuSeconds}`);
    argv.push(
      `--nproc=${limits.processes}`,
      `--fsize=${limits.fileSizeBytes}`,
      `--nofile=${limits.openFiles}`,
    );
    argv.push('--core=0', '--');
  }
  // --as-pid-1: the command is the pid namespace's init and bwrap reaps it itself. Its exit empties the
  // namespace before bwrap returns, so no process of a run outlives the run. (With bwrap's own init, bwrap
  // returns as soon as the command exits and leaves that init for the host's pid 1 to reap.) The price: a
  // signal with the default action that a tool sends itself is ignored, and so is SIGXCPU: the CPU limit
  // ends it with SIGKILL (soft = hard).
  argv.push(...(spec.beforeBwrap ?? []));
  argv.push(tools.bwrap, '--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent');
  argv.push('--as-pid-1', '--new-session', '--hostname', 'sandbox');
  argv.push('--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64');
  argv.push('--symlink', 'usr/bin', '/bin', '--symlink', 'usr/sbin', '/sbin');
  // bwrap's /dev is a writable, unlimited tmpfs: make it read-only and give /dev/shm (semaphores) a size.
  argv.push('--proc', '/proc', '--dev', '/dev', '--size', String(spec.tmpfsBytes), '--tmpfs', '/dev/shm');
  argv.push('--remount-ro', '/dev', '--size', String(spec.tmpfsBytes), '--tmpfs', '/tmp');
  argv.push('--dir', '/tmp/home', '--dir', '/tmp/home/.cache');
  (spec.homeFiles ?? []).forEach((name, i) =>
    argv.push('--file', String(HOME_FILE_FD + i), `/tmp/home/${name}`),
  );
  // After /tmp: a library dir may live there.
  for (const dir of layout.binds) argv.push('--ro-bind', dir, dir);
  if (layout.localtime) argv.push('--symlink', layout.localtime, '/etc/localtime');
  if (spec.work) {
    const { runDir, runnerDir } = spec.work;
    argv.push('--ro-bind', runnerDir, '/runner', '--ro-bind', runDir, '/work');
    argv.push('--bind', path.join(runDir, 'output'), '/work/output');
    argv.push('--bind', path.join(runDir, 'result.json'), '/work/result.json', '--chdir', '/work');
  } else {
    argv.push('--chdir', '/tmp');
  }
  argv.push('--remount-ro', '/');
  if (spec.hasSeccomp) argv.push('--seccomp', '3');
  argv.push('--', ...spec.command);
  return argv;
}

/** The environment inside: the given contract variables plus the fixed runtime ones, nothing from the host. */
export function sandboxEnv(layout: RuntimeLayout, contract: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(contract)) {
    if (!/^SKRIPTOTEKET_[A-Z0-9_]+$/.test(name)) throw new Error(`not a contract variable: ${name}`);
    env[name] = value;
  }
  Object.assign(env, {
    HOME: '/tmp/home',
    XDG_CACHE_HOME: '/tmp/home/.cache',
    LANG: 'C.UTF-8',
    PYTHONUNBUFFERED: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    PATH: layout.pathEnv,
    MPLCONFIGDIR: '/tmp/home',
    OPENBLAS_NUM_THREADS: '1',
    OMP_NUM_THREADS: '1',
  });
  if (layout.pythonPathEnv) env['PYTHONPATH'] = layout.pythonPathEnv;
  return env;
}

/**
 * A classic-BPF seccomp program for bwrap's `--seccomp` (x86-64 only; null elsewhere, and the sandbox then runs
 * without one). It fails with EPERM what a school script never needs and what widens the kernel surface:
 * ptrace (a stopped pid 1 would hang the run), other processes' memory, keyrings, bpf,
 * perf, userfaultfd, io_uring, module and kexec loading, mounts, namespaces, chroot, swap, reboot, acct,
 * syslog, quotactl, file handles, vhangup. Every call of another ABI (i386 via int 0x80, x32) fails too.
 */
export function seccompProgram(arch: string = process.arch): Buffer | null {
  if (arch !== 'x64') return null;
  const denied = [
    101, 310, 311, 298, 321, 323, 248, 249, 250, 425, 426, 427, 246, 320, 175, 313, 176, 165, 166, 155, 161,
    167, 168, 169, 163, 308, 272, 103, 179, 303, 304, 212, 153, 428, 429, 430, 431, 432, 433, 442,
  ];
  const LD_W_ABS = 0x20;
  const JEQ = 0x15;
  const JGE = 0x35;
  const RET = 0x06;
  const AUDIT_ARCH_X86_64 = 0xc000003e;
  const X32_SYSCALL_BIT = 0x40000000;
  const ALLOW = 0x7fff0000;
  const DENY = 0x00050000 | 1; // SECCOMP_RET_ERRNO | EPERM
  const program: [number, number, number, number][] = [
    [LD_W_ABS, 0, 0, 4], // seccomp_data.arch
    [JEQ, 1, 0, AUDIT_ARCH_X86_64],
    [RET, 0, 0, DENY],
    [LD_W_ABS, 0, 0, 0], // seccomp_data.nr
  ];
  const denyIndex = program.length + 1 + denied.length + 1;
  program.push([JGE, denyIndex - (program.length + 1), 0, X32_SYSCALL_BIT]);
  for (const nr of denied) program.push([JEQ, denyIndex - (program.length + 1), 0, nr]);
  program.push([RET, 0, 0, ALLOW], [RET, 0, 0, DENY]);
  const buffer = Buffer.alloc(program.length * 8);
  program.forEach(([code, jt, jf, k], i) => {
    buffer.writeUInt16LE(code, i * 8);
    buffer.writeUInt8(jt, i * 8 + 2);
    buffer.writeUInt8(jf, i * 8 + 3);
    buffer.writeUInt32LE(k, i * 8 + 4);
  });
  return buffer;
}
