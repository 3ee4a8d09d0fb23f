import { describe, expect, it } from 'vitest';
import type { SandboxResult } from '../sandbox/sandbox.ports';
import { errorCodeOfToolFailure, sessionUpdateAfter, statusFromSandbox } from './runs.model';

const exited = (fields: Partial<SandboxResult> = {}): SandboxResult => ({
  outcome: 'exited',
  killReason: null,
  exitCode: 0,
  exitSignal: null,
  stdout: '',
  stderr: '',
  isStdoutTruncated: false,
  isStderrTruncated: false,
  resultJson: '{}',
  durationMs: 10,
  ...fields,
});

describe('status from the sandbox (contract §2 status table)', () => {
  it('lets result.json decide when the harness exited normally', () => {
    expect(statusFromSandbox(exited())).toBeNull();
  });

  it('maps the wall clock to timed_out and a cancel to cancelled', () => {
    expect(statusFromSandbox(exited({ outcome: 'timed_out' }))).toEqual({
      status: 'timed_out',
      errorCode: 'timed_out',
      errorSummary: 'Execution timed out.',
    });
    expect(statusFromSandbox(exited({ outcome: 'cancelled' }))).toMatchObject({
      status: 'cancelled',
      errorCode: 'cancelled',
    });
  });

  it('names the cause of a killed process where it is known', () => {
    const killed = (killReason: SandboxResult['killReason'], stderr = '') =>
      statusFromSandbox(
        exited({
          outcome: 'killed',
          killReason,
          exitSignal: 'SIGKILL',
          exitCode: null,
          resultJson: null,
          stderr,
        }),
      );
    expect(killed('cpu')).toEqual({
      status: 'failed',
      errorCode: 'cpu_limit',
      errorSummary: 'Execution failed (CPU time limit reached).',
    });
    expect(killed('disk')?.errorCode).toBe('disk_limit');
    expect(killed(null, 'Traceback…\nMemoryError')?.errorCode).toBe('memory_limit');
    expect(killed('disk')?.errorSummary).toBe('Execution failed (disk space limit reached).');
    expect(killed('output')?.errorSummary).toBe('Execution failed (too much output on stdout/stderr).');
    expect(killed(null, 'Traceback…\nMemoryError')?.errorSummary).toBe(
      'Execution failed (memory limit reached).',
    );
    expect(killed(null)?.errorSummary).toBe('Execution failed (the process was killed).');
  });

  it('calls a missing result.json a runner contract violation', () => {
    expect(statusFromSandbox(exited({ resultJson: null, exitCode: 1 }))).toEqual({
      status: 'failed',
      errorCode: 'contract_violation',
      errorSummary: 'Execution failed (runner contract violation).',
    });
  });

  it('tells a crash (the harness names the exception class) from the tool’s own error message', () => {
    expect(errorCodeOfToolFailure('Tool execution failed (ValueError).')).toBe('tool_crashed');
    expect(errorCodeOfToolFailure('Tool execution failed (pandas.errors.ParserError).')).toBe('tool_crashed');
    expect(errorCodeOfToolFailure('Filen saknas.')).toBe('tool_error');
    expect(errorCodeOfToolFailure('Tool execution failed (ValueError). Och mer.')).toBe('tool_error');
  });
});

describe('what a finished run does to the tool session', () => {
  const payload = (next_actions: unknown[], state: Record<string, unknown> | null) => ({
    next_actions,
    state,
  });

  it('leaves the state alone after a first run that offers no actions, but clears what may be submitted', () => {
    expect(sessionUpdateAfter({ actionId: null }, 'succeeded', payload([], { a: 1 }))).toEqual({
      offeredActions: [],
    });
  });

  it('replaces the state after a first run that offers actions, and after every action run', () => {
    const offer = [{ action_id: 'next' }];
    expect(sessionUpdateAfter({ actionId: null }, 'succeeded', payload(offer, { a: 1 }))).toEqual({
      state: { a: 1 },
      offeredActions: offer,
    });
    expect(sessionUpdateAfter({ actionId: 'next' }, 'succeeded', payload([], null))).toEqual({
      state: {},
      offeredActions: [],
    });
  });

  it('leaves the session alone when the run did not succeed', () => {
    expect(sessionUpdateAfter({ actionId: 'next' }, 'failed', payload([], { a: 1 }))).toBeNull();
  });
});
