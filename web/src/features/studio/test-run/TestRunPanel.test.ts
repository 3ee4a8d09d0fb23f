import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import { buttonByName, field } from '../../../test/dom';
import { installFakeEventSource, installFakeXhr } from '../../../test/fake-run-io';
import { apiError, createAuthServer, json, teacher } from '../../../test/fake-server';
import { payload, runView, succeeded } from '../../../test/run-fixtures';
import { resetApp, setupApp } from '../../../test/setup-app';
import { useToasts } from '../../../ui/useToasts';
import type { EditorSnapshot } from './test-run-model';
import TestRunPanel from './TestRunPanel.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

const contributor = { ...teacher, role: 'contributor' as const };
const LIMITS = { maxFiles: 3, maxFileBytes: 1000, maxTotalBytes: 2000 };
const testRun = (overrides = {}) =>
  runView({ id: 'test-1', kind: 'test', toolSlug: null, versionId: null, ...overrides });

async function render(editor: EditorSnapshot, setup: (server: ReturnType<typeof createAuthServer>) => void) {
  const server = createAuthServer(contributor);
  server.on('GET /admin/test-runs/limits', () => json(200, { uploadLimits: LIMITS }));
  setup(server);
  const app = setupApp({ server });
  installFakeXhr(server);
  const streams = installFakeEventSource();
  const wrapper = mount(TestRunPanel, {
    props: { toolId: 'tool-1', snapshot: () => editor },
    global: { plugins: [...app.plugins] },
    attachTo: document.body,
  });
  await flushPromises();
  return { server, wrapper, streams };
}

const sent = (server: ReturnType<typeof createAuthServer>) =>
  server.requests.filter((r) => r.method === 'POST' && r.path === '/admin/tools/tool-1/test-runs');
const labels = (wrapper: VueWrapper) => wrapper.findAll('label').map((l) => l.text());

describe('the test-run panel', () => {
  it('builds the form from the unsaved schema and sends the content as it is when pressed', async () => {
    const editor = reactive<EditorSnapshot>({
      sourceCode: 'def run_tool(i, o):\n    return "a"\n',
      entrypoint: ' run_tool ',
      inputSchema: [{ name: 'klass', label: 'Klass', kind: 'string' }],
      settingsSchema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
      usageInstructions: '',
    });
    const { server, wrapper, streams } = await render(editor, (s) =>
      s.on('POST /admin/tools/tool-1/test-runs', () => json(202, testRun())),
    );
    expect(labels(wrapper)).toEqual(expect.arrayContaining(['Klass', 'Skola']));

    // The editor changes: the form follows, and what is sent is the content at the moment of pressing.
    editor.inputSchema = [{ name: 'grupp', label: 'Grupp', kind: 'string' }];
    editor.sourceCode = 'def run_tool(i, o):\n    return "b"\n';
    await flushPromises();
    expect(labels(wrapper)).toContain('Grupp');
    expect(labels(wrapper)).not.toContain('Klass');
    await field(wrapper, 'Grupp').setValue('7B');
    await field(wrapper, 'Skola').setValue('Provskolan');
    await buttonByName(wrapper, 'Testkör').trigger('click');
    await flushPromises();

    const body = sent(server)[0]!.body as FormData;
    expect(JSON.parse(body.get('snapshot') as string)).toEqual({
      sourceCode: 'def run_tool(i, o):\n    return "b"\n',
      entrypoint: 'run_tool',
      inputSchema: [{ name: 'grupp', label: 'Grupp', kind: 'string' }],
      settingsSchema: [{ name: 'skola', label: 'Skola', kind: 'string' }],
      usageInstructions: '',
    });
    expect(JSON.parse(body.get('inputs') as string)).toEqual({ grupp: '7B' });
    expect(JSON.parse(body.get('settings') as string)).toEqual({ skola: 'Provskolan' });
    expect(streams[0]!.url).toBe('/api/v1/admin/test-runs/test-1/events');
  });

  it('shows outputs, stdout and stderr with truncation notices and the time, and continues a next step', async () => {
    const editor: EditorSnapshot = {
      sourceCode: 'x',
      entrypoint: 'run_tool',
      inputSchema: [],
      settingsSchema: [],
      usageInstructions: '',
    };
    const next = {
      action_id: 'more',
      label: 'Mer',
      kind: 'form' as const,
      fields: [{ name: 'n', label: 'Antal', kind: 'integer' as const }],
      prefill: {},
    };
    const { server, wrapper, streams } = await render(editor, (s) => {
      s.on('POST /admin/tools/tool-1/test-runs', () => json(202, testRun()));
      s.on('POST /admin/test-runs/test-1/actions', () =>
        json(202, testRun({ id: 'test-2', parentRunId: 'test-1', actionId: 'more' })),
      );
    });
    await buttonByName(wrapper, 'Testkör').trigger('click');
    await flushPromises();
    streams[0]!.sendRun(
      succeeded({
        ...testRun(),
        status: 'succeeded',
        durationMs: 1234,
        uiPayload: payload([{ kind: 'markdown', markdown: 'Hej från testet' }], [next]),
        stdout: 'skrev något\n',
        stderr: '',
        isStdoutTruncated: true,
        isStderrTruncated: false,
        errorDetail: null,
      }),
    );
    await flushPromises();
    const text = wrapper.text();
    expect(text).toContain('Hej från testet');
    expect(wrapper.find('[data-testid="test-run-stdout"]').text()).toBe('skrev något');
    expect(text).toContain('Avkortad: bara de första 200 000 byten sparades.');
    expect(wrapper.findAll('[role="note"]')).toHaveLength(1);
    expect(text).toContain('Tid i sandlådan: 1,2 s');
    // The run page's collapsed technical details are not shown twice.
    expect(text).not.toContain('Teknisk information');

    await field(wrapper, 'Antal').setValue('2');
    await buttonByName(wrapper, 'Mer').trigger('click');
    await flushPromises();
    const act = server.requests.find((r) => r.path === '/admin/test-runs/test-1/actions')!;
    expect(act.body).toMatchObject({ actionId: 'more', input: { n: '2' } });
    expect(streams[1]!.url).toBe('/api/v1/admin/test-runs/test-2/events');
  });

  it('says what is wrong when the server refuses the snapshot', async () => {
    const editor: EditorSnapshot = {
      sourceCode: 'def run_tool(:',
      entrypoint: 'run_tool',
      inputSchema: [],
      settingsSchema: [],
      usageInstructions: '',
    };
    const { wrapper } = await render(editor, (s) =>
      s.on('POST /admin/tools/tool-1/test-runs', () =>
        apiError(422, 'VALIDATION_ERROR', 'Koden går inte att kompilera (rad 1, kolumn 14): invalid syntax', {
          reason: 'DOES_NOT_COMPILE',
          issues: [{ path: ['snapshot', 'sourceCode'], message: 'Kompilerar inte.' }],
        }),
      ),
    );
    await buttonByName(wrapper, 'Testkör').trigger('click');
    await flushPromises();
    expect(wrapper.find('.system-message, [role="alert"]').exists()).toBe(true);
    expect(wrapper.text()).toContain('Koden går inte att kompilera (rad 1, kolumn 14): invalid syntax');
  });
});
