import type { Version } from '@skriptoteket/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonByName } from '../../../test/dom';
import { installFakeEventSource, installFakeXhr } from '../../../test/fake-run-io';
import { createAuthServer, json } from '../../../test/fake-server';
import { admin, reviewItem, versionSummary } from '../../../test/governance-fixtures';
import { payload, runView } from '../../../test/run-fixtures';
import { resetApp, setupApp } from '../../../test/setup-app';
import ReviewTestRun from './ReviewTestRun.vue';

afterEach(() => resetApp());

const SCHEMA = [{ name: 'lista', label: 'Klasslista', kind: 'file', min: 1, max: 1, accept: ['.csv'] }];
const version = (id: string, number: number): Version => ({
  ...versionSummary({ id, number }),
  sourceCode: 'x',
  entrypoint: 'run_tool',
  inputSchema: SCHEMA,
  settingsSchema: [],
  usageInstructions: '',
});
const finished = (id: string, versionId: string, text: string) =>
  runView({
    id,
    kind: 'test',
    versionId,
    status: 'succeeded',
    durationMs: 500,
    uiPayload: payload([{ kind: 'markdown', markdown: text }]),
    stdout: `${text}\n`,
    stderr: '',
  });

async function render(activeVersionId: string | null) {
  const server = createAuthServer(admin);
  server.on('GET /admin/test-runs/limits', () =>
    json(200, { uploadLimits: { maxFiles: 5, maxFileBytes: 1000, maxTotalBytes: 5000 } }),
  );
  server.on('GET /admin/versions/ver-2', () => json(200, version('ver-2', 2)));
  server.on('GET /admin/versions/ver-1', () => json(200, version('ver-1', 1)));
  server.on('POST /admin/versions/ver-2/test-runs', () => json(202, finished('t-2', 'ver-2', 'Ny version')));
  server.on('POST /admin/versions/ver-1/test-runs', () =>
    json(202, finished('t-1', 'ver-1', 'Aktiv version')),
  );
  const app = setupApp({ server });
  installFakeXhr(server);
  installFakeEventSource();
  const wrapper = mount(ReviewTestRun, {
    props: { item: reviewItem({ id: 'ver-2', number: 2 }, { activeVersionId }) },
    global: { plugins: [...app.plugins] },
    attachTo: document.body,
  });
  await flushPromises();
  return { server, wrapper };
}

async function pickAndRun(wrapper: VueWrapper) {
  const input = wrapper.find<HTMLInputElement>('input[type="file"]');
  const file = new File(['Ada\nBo\n'], 'klass.csv', { type: 'text/csv' });
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await buttonByName(wrapper, 'Testkör version 2').trigger('click');
  await flushPromises();
}

const started = (server: ReturnType<typeof createAuthServer>) =>
  server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/test-runs'));

describe('test-running a version under review', () => {
  it('runs the reviewed and the active version on the same inputs and files and shows both', async () => {
    const { server, wrapper } = await render('ver-1');
    expect(wrapper.find<HTMLInputElement>('input[type="checkbox"]').element.checked).toBe(true);
    await pickAndRun(wrapper);

    const [reviewed, active] = started(server);
    expect([reviewed!.path, active!.path]).toEqual([
      '/admin/versions/ver-2/test-runs',
      '/admin/versions/ver-1/test-runs',
    ]);
    for (const request of [reviewed!, active!]) {
      const body = request.body as FormData;
      expect((body.get('files') as File).name).toBe('klass.csv');
      expect(body.get('inputs')).toBe('{}');
      expect(body.get('snapshot')).toBeNull();
    }
    const titles = wrapper.findAll('h3').map((h) => h.text());
    expect(titles).toEqual(expect.arrayContaining(['Version 2 (granskas)', 'Aktiv version 1']));
    expect(wrapper.findAll('[data-testid="test-run-stdout"]').map((p) => p.text())).toEqual([
      'Ny version',
      'Aktiv version',
    ]);
  });

  it('runs only the reviewed version when comparing is turned off, or there is no active version', async () => {
    const { server, wrapper } = await render('ver-1');
    await wrapper.find('input[type="checkbox"]').setValue(false);
    await pickAndRun(wrapper);
    expect(started(server).map((r) => r.path)).toEqual(['/admin/versions/ver-2/test-runs']);
    expect(wrapper.text()).not.toContain('Aktiv version 1');

    const first = await render(null);
    expect(first.wrapper.text()).toContain('Verktyget har ingen aktiv version att jämföra med.');
    await pickAndRun(first.wrapper);
    expect(started(first.server).map((r) => r.path)).toEqual(['/admin/versions/ver-2/test-runs']);
  });
});
