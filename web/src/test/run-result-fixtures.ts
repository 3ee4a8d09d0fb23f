import type { Locale, RunView, UiOutput } from '@skriptoteket/contracts';
import { mount } from '@vue/test-utils';
import type { Component } from 'vue';
import { createAppI18n } from '../i18n';

/** A finished run of mine as the API returns it to a teacher; override what a test is about. */
export function runView(overrides: Partial<RunView> = {}, outputs: UiOutput[] = []): RunView {
  return {
    id: '5b0f3a0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
    toolId: 'tool-1',
    toolSlug: 'gruppgenerator',
    versionId: 'ver-1',
    kind: 'production',
    status: 'succeeded',
    requestedAt: '2026-03-02T09:15:00.000Z',
    startedAt: '2026-03-02T09:15:01.000Z',
    finishedAt: '2026-03-02T09:15:03.000Z',
    durationMs: 2000,
    errorCode: null,
    errorSummary: null,
    inputs: {},
    inputFiles: [],
    uiPayload: { contract_version: 2, outputs, next_actions: [], state: null },
    artifacts: [],
    filesExpired: false,
    parentRunId: null,
    actionId: null,
    session: { context: 'default', stateRev: 0 },
    ...overrides,
  };
}

/** Mounts a result component with the app's real i18n, attached so focus and clicks behave as in a page. */
export function mountResult(component: Component, props: Record<string, unknown>, locale: Locale = 'sv') {
  return mount(component, {
    props,
    global: { plugins: [createAppI18n(locale)] },
    attachTo: document.body,
  });
}
