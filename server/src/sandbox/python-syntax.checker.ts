import {
  containedArgv,
  DEFAULT_UID_RANGE,
  requireTools,
  runtimeLayout,
  sandboxEnv,
  seccompProgram,
  uidPoolFor,
  type RuntimeLayout,
  type UidPool,
} from './bwrap';
import { launchContained } from './contained-process';
import { parseDiagnosticsReport } from './python-diagnostics';
import { DIAGNOSE_PROGRAM } from './python-diagnostics.program';
import type {
  SourceDiagnoser,
  SourceFinding,
  SyntaxChecker,
  SyntaxCheckResult,
  SyntaxErrorDetails,
} from './sandbox.ports';

export interface PythonSyntaxCheckerOptions {
  python?: string;
  uidRange?: [number, number];
  /** Per check; hostile source (deep nesting, huge literals) must fail inside these, not hurt the server. */
  limits?: { wallMs?: number; memoryBytes?: number };
}

/**
 * Reads the source from stdin and compiles it the way the harness will import it (bytes, so a coding cookie
 * counts); never runs it. Prints one JSON line.
 */
const CHECK_PROGRAM = `
import json, sys
source = sys.stdin.buffer.read()

def column(e):
    # Compiling bytes gives the offset in bytes of the source encoding; people count characters.
    if not e.text or not e.offset or e.offset < 1:
        return e.offset or 0
    try:
        import codecs, io, tokenize
        encoding = codecs.lookup(tokenize.detect_encoding(io.BytesIO(source).readline)[0]).name
        encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        return len(e.text.encode(encoding)[: e.offset - 1].decode(encoding, "ignore")) + 1
    except Exception:
        return e.offset

try:
    compile(source, "/work/script.py", "exec", dont_inherit=True)
    report = {"ok": True}
except SyntaxError as e:
    text = (e.text or "").rstrip("\\r\\n")
    report = {"ok": False, "msg": str(e.msg), "line": e.lineno or 0, "col": column(e), "text": text[:1000]}
except (RecursionError, MemoryError) as e:
    report = {"ok": False, "limit": type(e).__name__}
sys.stdout.write(json.dumps(report))
`;
const TOO_COMPLEX: SyntaxErrorDetails = {
  message: 'the source is too deeply nested or too large to compile',
  line: null,
  column: null,
  text: '',
};
const MAX_LINE_CHARS = 200;
const MAX_TEXT_CHARS = 1000;
const VALID: SyntaxCheckResult = { isValid: true, errorSummary: null, error: null };

interface Report {
  ok: boolean;
  msg?: string;
  line?: number;
  col?: number;
  text?: string;
  limit?: string;
}

/**
 * Compiles tool source, and diagnoses it for the editor, in a throw-away sandbox (no network, no files, limited
 * memory, CPU and time).
 */
export class PythonSyntaxChecker implements SyntaxChecker, SourceDiagnoser {
  private readonly layout: RuntimeLayout;
  private readonly uids: UidPool | null;
  private readonly seccomp = seccompProgram();
  private readonly wallMs: number;
  private readonly memoryBytes: number;

  constructor(options: PythonSyntaxCheckerOptions = {}) {
    this.layout = runtimeLayout(options.python ?? '/usr/bin/python3');
    this.uids = process.getuid?.() === 0 ? uidPoolFor(options.uidRange ?? DEFAULT_UID_RANGE) : null;
    this.wallMs = options.limits?.wallMs ?? 5_000;
    this.memoryBytes = options.limits?.memoryBytes ?? 1 << 30;
  }

  async check(sourceCode: string): Promise<SyntaxCheckResult> {
    const nul = sourceCode.indexOf('\0');
    if (nul >= 0) return invalid(nullByteError(sourceCode, nul));
    const result = await this.contained(CHECK_PROGRAM, sourceCode, []);
    const report = parseReport(result.stdout);
    if (report) return fromReport(report);
    if (result.killedBy || result.exitSignal) return invalid(TOO_COMPLEX);
    throw new Error(`syntax check failed to run (exit ${result.exitCode}): ${result.stderr.slice(-800)}`);
  }

  /** The editor's findings for the source, from the same contained interpreter as `check`. */
  async diagnose(sourceCode: string, entrypoint: string): Promise<SourceFinding[]> {
    const nul = sourceCode.indexOf('\0');
    if (nul >= 0) {
      const error = nullByteError(sourceCode, nul);
      return [syntaxFinding(error.message, error.line ?? 1, error.column ?? 1)];
    }
    const result = await this.contained(DIAGNOSE_PROGRAM, sourceCode, [entrypoint]);
    const findings = parseDiagnosticsReport(result.stdout);
    if (findings) return findings;
    if (result.killedBy || result.exitSignal)
      return [{ ...syntaxFinding(TOO_COMPLEX.message, 1, 1), code: 'too-complex' }];
    throw new Error(`diagnostics failed to run (exit ${result.exitCode}): ${result.stderr.slice(-800)}`);
  }

  /** Runs a fixed program on the source (as stdin) in a throw-away sandbox: no network, no files, small limits. */
  private async contained(program: string, sourceCode: string, args: string[]) {
    const tools = requireTools();
    const uid = this.uids?.acquire() ?? null;
    try {
      const argv = containedArgv(tools, {
        layout: this.layout,
        limits: {
          addressSpaceBytes: this.memoryBytes,
          cpuSeconds: Math.ceil(this.wallMs / 1000),
          processes: 16,
          fileSizeBytes: 1 << 20,
          openFiles: 64,
        },
        tmpfsBytes: 1 << 20,
        work: null,
        hasSeccomp: this.seccomp !== null,
        command: [this.layout.python, '-I', '-S', '-c', program, ...args],
      });
      return await launchContained({
        argv,
        uid,
        env: sandboxEnv(this.layout, {}),
        seccomp: this.seccomp,
        stdin: Buffer.from(sourceCode, 'utf8'),
        wallMs: this.wallMs,
        captureBytes: 256 << 10,
        drainLimitBytes: 1 << 20,
      });
    } finally {
      if (uid !== null) this.uids?.release(uid);
    }
  }
}

function syntaxFinding(message: string, line: number, column: number): SourceFinding {
  return {
    code: 'syntax-error',
    severity: 'error',
    line,
    column,
    endLine: null,
    endColumn: null,
    args: [message],
  };
}

function parseReport(stdout: string): Report | null {
  try {
    const parsed: unknown = JSON.parse(stdout);
    return typeof parsed === 'object' && parsed !== null && 'ok' in parsed ? (parsed as Report) : null;
  } catch {
    return null;
  }
}

function fromReport(report: Report): SyntaxCheckResult {
  if (report.ok) return VALID;
  if (report.limit) return invalid(TOO_COMPLEX);
  // Python gives line 0, col -1 for errors before the first token (an unknown coding cookie).
  return invalid({
    message: report.msg ?? 'invalid syntax',
    line: Math.max(report.line ?? 1, 1),
    column: Math.max(report.col ?? 1, 1),
    text: report.text ?? '',
  });
}

/** The contract form of the run's error summary. */
function summary({ message, line, column, text }: SyntaxErrorDetails): string {
  if (line === null) return `SyntaxError: ${message}`;
  const shown = text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
  return `SyntaxError: ${message} (line ${line}, col ${column})${shown.trim() ? `\n${shown}` : ''}`;
}

function nullByteError(source: string, index: number): SyntaxErrorDetails {
  const before = source.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = source.indexOf('\n', index);
  const text = source.slice(lineStart, lineEnd < 0 ? undefined : lineEnd).replaceAll('\0', '\\0');
  return {
    message: 'source code cannot contain null bytes',
    line: before.split('\n').length,
    column: [...source.slice(lineStart, index)].length + 1,
    text: text.slice(0, MAX_TEXT_CHARS),
  };
}

function invalid(error: SyntaxErrorDetails): SyntaxCheckResult {
  return { isValid: false, errorSummary: summary(error), error };
}
