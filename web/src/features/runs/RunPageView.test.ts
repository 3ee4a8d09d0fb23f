import type { NextAction } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { toolPage } from '../../test/catalog-fixtures';
import { installFakeEventSource } from '../../test/fake-run-io';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { payload, runView, succeeded } from '../../test/run-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import RunPageView from './RunPageView.vue';

afterEach(() => resetApp());

const ACTION: NextAction = { action_id: 'mer', label: 'Visa mer', kind: 'form', fields: [], prefill: {} };
const stored = succeeded({
  id: 'run-5',
  inputs: { size: 3 },
  inputFiles: [{ name: 'klass.csv', bytes: 4 }],
  uiPayload: payload([{ kind: 'markdown', markdown: 'Sparat resultat' }], [ACTION]),
});

async function render(
  newestId: string,
  setup: (server: ReturnType<typeof createAuthServer>) => void = () => undefined,
) {
  const server = createAuthServer(teacher);
  server.on('GET /runs/run-5', () => json(200, stored));
  server.on('GET /tools/gruppgenerator', () => json(200, toolPage()));
  server.on('GET /me/runs', () => json(200, { items: [{ id: newestId }], nextCursor: null }));
  setup(server);
  const app = setupApp({ server });
  const streams = installFakeEventSource();
  await app.router.push('/runs/run-5');
  await app.router.isReady();
  const wrapper = mount(RunPageView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper, streams };
}

describe('RunPageView', () => {
  it('shows the stored result under the tool’s name, and offers to run again with the same choices', async () => {
    const { wrapper, streams } = await render('run-5');

    expect(wrapper.find('h1').text()).toBe('Gruppgenerator');
    expect(document.title).toBe('Körning av Gruppgenerator – Skriptoteket');
    expect(wrapper.find('.run-result').text()).toContain('Sparat resultat');
    expect(wrapper.find('a[href="/tools/gruppgenerator?rerun=run-5"]').text()).toBe('Kör igen med samma val');
    expect(streams).toEqual([]);
  });

  it('offers the next steps only while the run is the tool’s newest', async () => {
    expect((await render('run-5')).wrapper.text()).toContain('Visa mer');
    resetApp();
    expect((await render('run-6')).wrapper.text()).not.toContain('Visa mer');
  });

  it('runs again from the first step of a multi-step session', async () => {
    const { wrapper } = await render('run-6', (s) => {
      s.on('GET /runs/run-6', () =>
        json(200, succeeded({ id: 'run-6', parentRunId: 'run-5', actionId: 'mer' })),
      );
    });
    await wrapper.vm.$router.push('/runs/run-6');
    await flushPromises();

    expect(wrapper.findAll('.step h2').map((h) => h.text())).toEqual(['Steg 1', 'Steg 2: Visa mer']);
    expect(wrapper.find('a[href="/tools/gruppgenerator?rerun=run-5"]').exists()).toBe(true);
  });

  it('follows a run that is still going', async () => {
    const { streams } = await render('run-5', (s) =>
      s.on('GET /runs/run-5', () => json(200, runView({ id: 'run-5', status: 'running' }))),
    );
    expect(streams.map((s) => s.url)).toEqual(['/api/v1/runs/run-5/events']);
  });

  it('says a run that is gone is gone', async () => {
    const { wrapper } = await render('run-5', (s) =>
      s.on('GET /runs/run-5', () => apiError(404, 'NOT_FOUND', 'Körningen finns inte.')),
    );
    expect(wrapper.find('[role="alert"]').text()).toContain('Körningen finns inte. Den kan ha tagits bort');
  });
});
