import { ConfigError } from '../config';
import { DataDirLockedError } from '../db/data-dir-lock';
import { AppError } from '../shared/app-error';
import { UsageError } from './usage';

export interface CommandFailure {
  error: string;
  /** 2: the command was called wrongly or the configuration is invalid; 1: anything else. */
  exitCode: 1 | 2;
  /** Show the usage text under the message. */
  isUsageError: boolean;
  /** Not a failure a person caused: worth a stack trace in the log. */
  isUnexpected: boolean;
}

/** A failure the running server reported for a command it ran; reported like a local one. */
export class ReportedFailure extends Error {
  constructor(readonly failure: Omit<CommandFailure, 'isUnexpected'>) {
    super(failure.error);
  }
}

/** How a failed command is reported, the same whether it ran in the CLI or in the server. */
export function describeFailure(error: unknown): CommandFailure {
  if (error instanceof ReportedFailure) return { ...error.failure, isUnexpected: false };
  if (error instanceof UsageError)
    return { error: error.message, exitCode: 2, isUsageError: true, isUnexpected: false };
  if (error instanceof ConfigError)
    return { error: error.message, exitCode: 2, isUsageError: false, isUnexpected: false };
  // Operators read English, like the rest of the CLI's output.
  if (error instanceof AppError) {
    // Every reason of a refusal, one per line (e.g. what is wrong with an imported file).
    const reasons = (error.details?.issues ?? []).map(
      (issue) => `\n  - ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message.en}`,
    );
    return {
      error: `${error.text.en}${reasons.join('')}`,
      exitCode: 1,
      isUsageError: false,
      isUnexpected: false,
    };
  }
  if (error instanceof DataDirLockedError)
    return { error: error.message, exitCode: 1, isUsageError: false, isUnexpected: false };
  const message = error instanceof Error ? error.message : String(error);
  return { error: message, exitCode: 1, isUsageError: false, isUnexpected: true };
}
