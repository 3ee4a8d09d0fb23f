/**
 * The runner host's view of one sandboxed execution. Callers (the run worker, editor test runs) depend only on
 * this port, so a pool of pre-started single-use sandboxes can replace the plain launcher later.
 */

export interface SandboxLimits {
  /** Wall clock; the whole process group is killed when it passes. */
  wallMs: number;
  /** Address-space limit of every process in the sandbox. */
  memoryBytes: number;
  /** Processes and threads of the sandbox user. */
  maxProcesses: number;
  /** CPU seconds (rlimit); normally about the wall clock, since one run gets one core. */
  cpuSeconds: number;
  /** /tmp (tmpfs size) and output/ (watched during the run) together. */
  diskBytes: number;
  /** How much of stdout and of stderr is kept (contract: 200 000 bytes each). */
  captureBytes: number;
}

export interface SandboxJob {
  /** A run directory prepared by `prepareRunDir`: script.py, memory.json, input/, output/, result.json. */
  runDir: string;
  /** The contract's SKRIPTOTEKET_* variables (and nothing else from the host). */
  env: Record<string, string>;
  limits: SandboxLimits;
  /** Aborting kills the sandbox at once (user cancel, worker shutdown, lost lease). */
  signal?: AbortSignal;
}

/**
 * exited: the process ended on its own with an exit code; timed_out: the wall clock killed it; cancelled: the
 * abort signal killed it; killed: the host killed it for another reason, or it died of a signal.
 */
export type SandboxOutcome = 'exited' | 'timed_out' | 'cancelled' | 'killed';
/**
 * With rlimits only (no cgroups), running out of memory or processes makes allocation and fork fail inside the
 * tool (MemoryError, EAGAIN), which the harness reports as an exception; 'memory' and 'processes' are for
 * implementations that can see more. 'signal': died of a signal the host did not send and cannot attribute.
 */
export type KillReason = 'memory' | 'processes' | 'cpu' | 'disk' | 'output' | 'signal' | null;

export interface SandboxResult {
  outcome: SandboxOutcome;
  /**
   * Why the process died when the host knows or can tell (e.g. the disk watcher fired, the CPU limit); set only
   * when outcome is 'killed'.
   */
  killReason: KillReason;
  exitCode: number | null;
  /** Also set when the sandboxed command (not only the launcher) died of a signal. */
  exitSignal: string | null;
  stdout: string;
  stderr: string;
  isStdoutTruncated: boolean;
  isStderrTruncated: boolean;
  /** The raw text of result.json when the harness wrote one (null when over 16 MiB), else null. */
  resultJson: string | null;
  durationMs: number;
}

export interface Sandbox {
  run(job: SandboxJob): Promise<SandboxResult>;
  /** Throws when the sandbox cannot start (missing bubblewrap, no user namespaces, no interpreter). */
  selfCheck(): Promise<void>;
}

/** Where and why source does not compile. */
export interface SyntaxErrorDetails {
  /** The compiler's message, e.g. `invalid syntax`. */
  message: string;
  /** 1-based; null when the compiler gave up without a position (source too deeply nested or too large). */
  line: number | null;
  /** 1-based, in characters (code points) of `text`; null with `line`. */
  column: number | null;
  /** The offending line without its line break (at most 1000 characters); '' when unknown. */
  text: string;
}

export interface SyntaxCheckResult {
  isValid: boolean;
  /** Contract form: `SyntaxError: <msg> (line L, col C)` followed by the offending line. */
  errorSummary: string | null;
  /** The same as `errorSummary`, in parts; null when valid. */
  error: SyntaxErrorDetails | null;
}

export interface SyntaxChecker {
  check(sourceCode: string): Promise<SyntaxCheckResult>;
}

/**
 * One finding of the editor's diagnostics. `code` is `syntax-error`, `too-complex`, `entrypoint-missing`,
 * `entrypoint-async`, `entrypoint-signature`, `network`, `subprocess`, `write-outside-output`,
 * `pyflakes-unavailable`, or a pyflakes message class such as `UndefinedName` and `UnusedImport`.
 */
export interface SourceFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  /** 1-based line and column (characters); the end, when known, is exclusive. */
  line: number;
  column: number;
  endLine: number | null;
  endColumn: number | null;
  /** The finding's subject: a name, a module, a path, or the compiler's message. */
  args: string[];
}

/** Checks source for the editor (in the same sandbox as the compile check); never runs it. */
export interface SourceDiagnoser {
  diagnose(sourceCode: string, entrypoint: string): Promise<SourceFinding[]>;
}

/** One input file of a run: given as bytes (small, tests) or copied to its place by path. */
export type RunDirFile =
  { name: string; data: Buffer } | { name: string; copyTo(targetPath: string): Promise<void> };

export interface RunDirSpec {
  sourceCode: string;
  /** Written as memory.json, e.g. `{ settings: {...} }`; integers beyond 2^53 (bigint) are written exactly. */
  memory: unknown;
  /** Already sanitized bare names (contract §4); anything else is a programming error and throws. */
  files: RunDirFile[];
}

export interface PreparedRunDir {
  runDir: string;
  /** Removes the directory and everything the tool left in it; safe to call twice. */
  cleanup: () => Promise<void>;
}

export interface OutputFile {
  /** Relative to output/, with `/` separators. */
  relPath: string;
  bytes: number;
  absPath: string;
}

export type OutputListing = { files: OutputFile[] } | { violation: string };

/**
 * Where run directories are staged and read back: the executor's only file IO besides the file store, so its
 * failure paths can be tested without a disk.
 */
export interface RunWorkspace {
  prepare(spec: RunDirSpec): Promise<PreparedRunDir>;
  /** What the tool left in output/, or why it must not be taken (links, special files, too many entries). */
  listOutput(runDir: string): Promise<OutputListing>;
}
