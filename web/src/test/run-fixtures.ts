import type { NextAction, RunView } from '@skriptoteket/contracts';

/** Hand-written runs for the run page tests; override what a test is about. */
export function runView(overrides: Partial<RunView> = {}): RunView {
  return {
    id: 'run-1',
    toolId: 'tool-1',
    toolSlug: 'gruppgenerator',
    versionId: 'ver-1',
    kind: 'production',
    status: 'queued',
    requestedAt: '2026-03-02T09:15:00.000Z',
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    errorCode: null,
    errorSummary: null,
    inputs: {},
    inputFiles: [],
    uiPayload: null,
    artifacts: [],
    filesExpired: false,
    parentRunId: null,
    actionId: null,
    session: { context: 'default', stateRev: 0 },
    ...overrides,
  };
}

/** The stored payload of a finished run with these outputs and next actions. */
export function payload(outputs: unknown[] = [], nextActions: NextAction[] = []) {
  return { contract_version: 2, outputs, next_actions: nextActions, state: null };
}

export function succeeded(overrides: Partial<RunView> = {}): RunView {
  return runView({
    status: 'succeeded',
    startedAt: '2026-03-02T09:15:01.000Z',
    finishedAt: '2026-03-02T09:15:03.000Z',
    durationMs: 2000,
    uiPayload: payload([{ kind: 'markdown', markdown: 'Grupp 1: Ada, Bo' }]),
    ...overrides,
  });
}
