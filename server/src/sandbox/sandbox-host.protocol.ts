import type { BubblewrapSandboxOptions } from './bubblewrap.sandbox';
import type { SandboxPoolOptions } from './sandbox-pool';
import type { SandboxLimits, SandboxResult } from './sandbox.ports';

/** What the sandbox host process is started with (its first message). */
export interface HostInit {
  sandbox: BubblewrapSandboxOptions;
  pool: Omit<SandboxPoolOptions, 'log' | 'observer'>;
}

/** Messages from the server to its sandbox host. */
export type ToHost =
  | { type: 'init'; options: HostInit }
  | { type: 'run'; id: number; job: { runDir: string; env: Record<string, string>; limits: SandboxLimits } }
  | { type: 'cancel'; id: number }
  | { type: 'selfCheck'; id: number }
  | { type: 'warm'; limits: SandboxLimits }
  | { type: 'drain'; id: number }
  | { type: 'close' };

export interface WireError {
  message: string;
  stack?: string | undefined;
}

export type PoolEvent = 'hit' | 'miss' | 'refilled' | 'refillFailed' | 'idle';

/** Messages from the sandbox host to the server. */
export type FromHost =
  | { type: 'result'; id: number; result: SandboxResult }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; fields: Record<string, unknown>; msg: string }
  | { type: 'pool'; event: PoolEvent; value: number }
  /** Background work of the host that failed (counted like the server's own background work). */
  | { type: 'failure'; job: string; error: WireError };

export function toWireError(error: unknown): WireError {
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

export function fromWireError(wire: WireError): Error {
  const error = new Error(wire.message);
  if (wire.stack) error.stack = wire.stack;
  return error;
}
