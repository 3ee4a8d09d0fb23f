import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** Helpers for tests that start the project's real commands (`npm start`, `npm run cli`, …) as processes. */

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** The test's environment without DATABASE_URL: these commands then use the embedded database. */
export function embeddedEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return { ...rest, ...extra };
}

export interface Started {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  stdout(): string;
  /**
   * Resolves with the first match once printed, matched without colour codes (a CI may force colour on); rejects if
   * the process exits first or after `timeoutMs`.
   */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /**
   * Sends `signal` to the process itself (not its group) and resolves with its exit code once it and everything
   * holding its output have ended; rejects after `timeoutMs`.
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts a command in its own process group, so `killAll` can end whatever it started. */
export function start(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { cwd: projectRoot, env, detached: true });
  running.add(child);
  let output = '';
  let stdout = '';
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stdout += chunk.toString();
    notify();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    notify();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    // 'close' comes after the output streams ended, so nothing printed is missed.
    child.once('close', (code) => {
      running.delete(child);
      exitCode = code;
      resolve(code);
      notify();
    });
  });

  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(stripVTControlCharacters(output));
        if (match) return done(() => resolve(match));
        if (exitCode !== undefined)
          done(() => reject(new Error(`exited (${exitCode}) before ${pattern}:\n${output}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    child,
    output: () => output,
    stdout: () => stdout,
    waitFor,
    exited,
    stop: (signal = 'SIGTERM', timeoutMs = 60_000) => {
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`still running ${timeoutMs} ms after ${signal}:\n${output}`)),
          timeoutMs,
        );
      });
      return Promise.race([exited, late]).finally(() => clearTimeout(timer));
    },
  };
}

/** Ends every process group a test started and left running (a failed assertion mid-test). */
export function killAll(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/** Signs in over HTTP as the SPA does (CSRF cookie, then login) and returns the status code. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<number> {
  const csrf = await fetch(`${baseUrl}/api/v1/auth/csrf`);
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify({ email, password }),
  });
  return response.status;
}

/** Runs a command to its end and returns its exit code and output. */
export async function runToEnd(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; output: string }> {
  const started = start(command, args, env);
  const status = await started.exited;
  return { status, stdout: started.stdout(), output: started.output() };
}
