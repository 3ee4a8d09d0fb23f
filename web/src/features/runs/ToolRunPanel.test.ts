import type { ToolPage } from '@skriptoteket/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { toolPage } from '../../test/catalog-fixtures';
import { buttonByName, describedText, field } from '../../test/dom';
import { installFakeEventSource, installFakeXhr } from '../../test/fake-run-io';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { runView, succeeded } from '../../test/run-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ToolPageView from '../catalog/ToolPageView.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

type Server = ReturnType<typeof createAuthServer>;

const SCHEMA = [
  { name: 'size', label: 'Gruppstorlek', kind: 'integer', required: true, help: 'Elever per grupp.' },
  { name: 'list', label: 'Klasslista', kind: 'file', min: 1, max: 1, accept: ['.csv'] },
];

async function render(options: { tool?: ToolPage; path?: string; setup?: (server: Server) => void } = {}) {
  const server = createAuthServer(teacher);
  server.on('GET /tools/gruppgenerator', () => json(200, options.tool ?? toolPage({ inputSchema: SCHEMA })));
  server.on('GET /tools/gruppgenerator/session-files', () => json(200, { items: [] }));
  options.setup?.(server);
  const app = setupApp({ server });
  installFakeXhr(server);
  const streams = installFakeEventSource();
  await app.router.push(options.path ?? '/tools/gruppgenerator');
  await app.router.isReady();
  const wrapper = mount(ToolPageView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper, streams };
}

/** Picks files in the drop zone's file input, as the browser's picker does. */
async function pick(wrapper: VueWrapper, ...files: File[]) {
  const input = wrapper.find<HTMLInputElement>('input[type="file"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
}

const csv = (name = 'klass-7a.csv', text = 'Ada\nBo\n') => new File([text], name, { type: 'text/csv' });
const badge = (wrapper: VueWrapper) => wrapper.find('.run-status .badge').text();
const runRequests = (server: Server) =>
  server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/runs'));

describe('running a tool on its page', () => {
  it('checks before sending, with the server’s words, and moves focus to the first problem', async () => {
    const { wrapper, server } = await render();
    const size = field(wrapper, 'Gruppstorlek');

    expect(buttonByName(wrapper, 'Kör').attributes('aria-disabled')).toBe('true');
    await size.setValue('3,5');
    await size.trigger('blur');
    expect(describedText(size.element)).toContain(
      'Fältet "Gruppstorlek" ska vara ett heltal, till exempel 12.',
    );

    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(document.activeElement).toBe(size.element);
    expect(wrapper.find('[role="group"]').text()).toContain('Välj en fil för "Klasslista".');
    expect(runRequests(server)).toHaveLength(0);

    await size.setValue('3');
    expect(describedText(size.element)).not.toContain('heltal');
  });

  it('refuses a file of the wrong type and a second file, saying why', async () => {
    const { wrapper } = await render();

    await pick(wrapper, new File(['x'], 'elever.xlsx'));
    expect(wrapper.text()).toContain('Filen "elever.xlsx" är inte en CSV-fil. Välj en fil av typen .csv.');
    await pick(wrapper, csv(), csv('b.csv'));
    expect(wrapper.text()).toContain('Välj bara en fil för "Klasslista".');
    expect(wrapper.findAll('.dropzone__name').map((n) => n.text())).toEqual(['klass-7a.csv']);
  });

  it('uploads with progress, keeps the run in the address and shows its status live until the result', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { wrapper, server, streams, router } = await render({
      setup: (s) =>
        s.on('POST /tools/gruppgenerator/runs', () => new Promise<Response>((resolve) => (answer = resolve))),
    });
    await field(wrapper, 'Gruppstorlek').setValue('3');
    await pick(wrapper, csv());
    expect(buttonByName(wrapper, 'Kör').attributes('aria-disabled')).toBeUndefined();

    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('progress').attributes('value')).toBe('100');
    expect(wrapper.text()).toContain('Skickar filerna … 100 %');
    const sent = runRequests(server)[0]!.body as FormData;
    expect(JSON.parse(sent.get('inputs') as string)).toEqual({ size: '3' });
    expect((sent.get('files') as File).name).toBe('klass-7a.csv');
    expect(sent.get('sessionFilesMode')).toBe('none');
    expect(runRequests(server)[0]!.headers['x-csrf-token']).toBe('csrf-1');

    answer(json(202, runView()));
    await flushPromises();
    expect(wrapper.find('progress').exists()).toBe(false);
    expect(router.currentRoute.value.query).toEqual({ run: 'run-1' });
    expect(document.activeElement?.textContent).toBe('Resultat');
    expect(badge(wrapper)).toBe('I kö');
    expect(wrapper.find('[role="status"]').text()).toBe('Verktyget står i kö.');
    expect(streams[0]!.url).toBe('/api/v1/runs/run-1/events');

    streams[0]!.sendRun(runView({ status: 'running', startedAt: '2026-03-02T09:15:01.000Z' }));
    await flushPromises();
    expect(badge(wrapper)).toBe('Körs');
    expect(wrapper.find('[role="status"]').text()).toBe('Verktyget körs.');
    expect(buttonByName(wrapper, 'Avbryt').exists()).toBe(true);

    streams[0]!.sendRun(succeeded());
    await flushPromises();
    expect(badge(wrapper)).toBe('Klar');
    expect(wrapper.find('.run-result').text()).toContain('Grupp 1: Ada, Bo');
    expect(wrapper.find('[role="status"]').text()).toBe('Klart. Resultatet visas nedan.');
    expect(wrapper.find('.run-status').text()).toContain('3 s');
    expect(streams[0]!.isClosed).toBe(true);
  });

  it('cancels a running run with feedback', async () => {
    const { wrapper, server, streams } = await render({
      tool: toolPage({ inputSchema: [] }),
      setup: (s) => {
        s.on('POST /tools/gruppgenerator/runs', () => json(202, runView({ status: 'running' })));
        s.on('POST /runs/run-1/cancel', () =>
          json(
            200,
            runView({ status: 'cancelled', finishedAt: '2026-03-02T09:15:04.000Z', errorCode: 'cancelled' }),
          ),
        );
      },
    });
    expect(wrapper.text()).toContain('Verktyget behöver inga uppgifter från dig.');

    await buttonByName(wrapper, 'Kör').trigger('click');
    await flushPromises();
    await buttonByName(wrapper, 'Avbryt').trigger('click');
    await flushPromises();

    expect(server.requests.some((r) => r.method === 'POST' && r.path === '/runs/run-1/cancel')).toBe(true);
    expect(badge(wrapper)).toBe('Avbruten');
    expect(wrapper.find('[role="status"]').text()).toBe('Körningen avbröts.');
    expect(useToasts().toasts.map((toast) => toast.message)).toEqual(['Körningen avbröts.']);
    expect(streams[0]!.isClosed).toBe(true);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Avbryt')).toBe(false);
  });

  it('falls back to polling when the event stream fails', async () => {
    const { wrapper, streams } = await render({
      tool: toolPage({ inputSchema: [] }),
      setup: (s) => {
        s.on('POST /tools/gruppgenerator/runs', () => json(202, runView({ status: 'running' })));
        s.on('GET /runs/run-1', () => json(200, succeeded()));
      },
    });
    await buttonByName(wrapper, 'Kör').trigger('click');
    await flushPromises();

    streams[0]!.fail();
    await flushPromises();

    expect(streams[0]!.isClosed).toBe(true);
    expect(badge(wrapper)).toBe('Klar');
  });

  it('says in the server’s words why a run was not started (queue full, tool just updated), keeping the form', async () => {
    const answers = [
      apiError(
        429,
        'RATE_LIMITED',
        'Du har redan 5 körningar som väntar eller pågår (högst 5). Vänta tills några är klara och försök igen.',
        { waiting: 5, limit: 5 },
      ),
      apiError(409, 'CONFLICT', 'Verktyget uppdaterades precis. Försök igen: dina uppgifter finns kvar.', {
        reason: 'TOOL_CHANGED',
      }),
    ];
    const { wrapper } = await render({
      setup: (s) => s.on('POST /tools/gruppgenerator/runs', () => answers.shift()!),
    });
    await field(wrapper, 'Gruppstorlek').setValue('3');
    await pick(wrapper, csv());
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('Du har redan 5 körningar som väntar');

    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toContain('Verktyget uppdaterades precis.');
    expect(field(wrapper, 'Gruppstorlek').element.value).toBe('3');
  });

  it('puts the server’s 422 issues on the same fields', async () => {
    const { wrapper } = await render({
      setup: (s) =>
        s.on('POST /tools/gruppgenerator/runs', () =>
          apiError(422, 'VALIDATION_ERROR', 'Några uppgifter behöver rättas innan verktyget kan köras.', {
            issues: [
              {
                path: ['inputs', 'size'],
                message: 'Fältet "Gruppstorlek" ska vara ett heltal, till exempel 12.',
              },
              { path: ['files', 0], message: 'Filen "klass-7a.csv" är för stor. Högst 10 MB per fil.' },
            ],
          }),
        ),
    });
    await field(wrapper, 'Gruppstorlek').setValue('3');
    await pick(wrapper, csv());
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(describedText(field(wrapper, 'Gruppstorlek').element)).toContain('ska vara ett heltal');
    expect(wrapper.find('[role="group"]').text()).toContain('är för stor. Högst 10 MB per fil.');
    expect(document.activeElement).toBe(field(wrapper, 'Gruppstorlek').element);
  });

  it('comes back to a run after a reload, with the earlier steps, still live', async () => {
    const { wrapper, streams } = await render({
      path: '/tools/gruppgenerator?run=run-2',
      setup: (s) => {
        s.on('GET /runs/run-2', () =>
          json(200, runView({ id: 'run-2', status: 'running', parentRunId: 'run-1', actionId: 'next' })),
        );
        s.on('GET /runs/run-1', () => json(200, succeeded()));
      },
    });

    expect(wrapper.findAll('.step h3').map((h) => h.text())).toEqual(['Steg 1', 'Steg 2: next']);
    expect(wrapper.find('.step--earlier .run-result').text()).toContain('Grupp 1: Ada, Bo');
    expect(streams.map((s) => s.url)).toEqual(['/api/v1/runs/run-2/events']);
    expect(wrapper.findAll('.run-status .badge').map((b) => b.text())).toEqual(['Klar', 'Körs']);
  });

  it('offers the files the tool kept, and sends the choice', async () => {
    const { wrapper, server } = await render({
      setup: (s) => {
        s.on('GET /tools/gruppgenerator/session-files', () =>
          json(200, { items: [{ name: 'klass-7a.csv', bytes: 8 }] }),
        );
        s.on('POST /tools/gruppgenerator/runs', () => json(202, runView()));
      },
    });
    await field(wrapper, 'Gruppstorlek').setValue('2');
    expect(wrapper.find('fieldset').text()).toContain('Använd dem igen');
    expect(wrapper.find('fieldset').text()).toContain('klass-7a.csv');
    expect(buttonByName(wrapper, 'Kör').attributes('aria-disabled')).toBeUndefined();

    await wrapper.find('input[type="radio"][value="clear"]').setValue(true);
    expect(buttonByName(wrapper, 'Kör').attributes('aria-disabled')).toBe('true');
    await wrapper.find('input[type="radio"][value="reuse"]').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect((runRequests(server)[0]!.body as FormData).get('sessionFilesMode')).toBe('reuse');
    await pick(wrapper, csv());
    expect(wrapper.find('fieldset').exists()).toBe(false);
  });

  it('runs again with an earlier run’s choices and files (rerunOf)', async () => {
    const earlier = succeeded({
      id: 'run-0',
      inputs: { size: 4 },
      inputFiles: [{ name: 'klass-7a.csv', bytes: 8 }],
    });
    const { wrapper, server } = await render({
      path: '/tools/gruppgenerator?rerun=run-0',
      setup: (s) => {
        s.on('GET /runs/run-0', () => json(200, earlier));
        s.on('POST /tools/gruppgenerator/runs', () => json(202, runView()));
      },
    });

    expect((field(wrapper, 'Gruppstorlek').element as HTMLInputElement).value).toBe('4');
    expect(wrapper.text()).toContain('Filerna från förra körningen skickas med: klass-7a.csv');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const sent = runRequests(server)[0]!.body as FormData;
    expect(sent.get('rerunOf')).toBe('run-0');
    expect(sent.getAll('files')).toEqual([]);
    expect(JSON.parse(sent.get('inputs') as string)).toEqual({ size: '4' });
  });

  it('says so and drops the earlier files when they expired after the page was opened', async () => {
    const earlier = succeeded({
      id: 'run-0',
      inputs: { size: 4 },
      inputFiles: [{ name: 'a.csv', bytes: 1 }],
    });
    const { wrapper, server } = await render({
      path: '/tools/gruppgenerator?rerun=run-0',
      setup: (s) => {
        s.on('GET /runs/run-0', () => json(200, earlier));
        s.on('POST /tools/gruppgenerator/runs', () =>
          apiError(
            422,
            'VALIDATION_ERROR',
            'Filerna från den körningen har tagits bort eftersom de var för gamla.',
            {
              issues: [{ path: ['rerunOf'], message: 'Filerna finns inte längre. Välj dem igen.' }],
            },
          ),
        );
      },
    });
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(wrapper.find('[role="group"]').text()).toContain('Filerna finns inte längre. Välj dem igen.');
    expect(wrapper.text()).not.toContain('skickas med');
    expect(document.activeElement).toBe(buttonByName(wrapper, 'Välj fil').element);
    await pick(wrapper, csv());
    expect(wrapper.find('[role="group"]').text()).not.toContain('Välj dem igen');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect((runRequests(server)[1]!.body as FormData).get('rerunOf')).toBeNull();
  });

  it('asks for the files again when the earlier run’s files expired', async () => {
    const earlier = succeeded({
      id: 'run-0',
      inputs: { size: 4 },
      inputFiles: [{ name: 'a.csv', bytes: 1 }],
      filesExpired: true,
    });
    const { wrapper } = await render({
      path: '/tools/gruppgenerator?rerun=run-0',
      setup: (s) => s.on('GET /runs/run-0', () => json(200, earlier)),
    });

    expect(wrapper.text()).toContain(
      'Filerna från förra körningen har tagits bort eftersom de var för gamla.',
    );
    expect(wrapper.text()).not.toContain('skickas med');
    expect(buttonByName(wrapper, 'Kör').attributes('aria-disabled')).toBe('true');
  });
});
