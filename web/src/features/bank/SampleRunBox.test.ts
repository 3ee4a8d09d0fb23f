import type { ToolPage } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { toolPage } from '../../test/catalog-fixtures';
import { buttonByName } from '../../test/dom';
import { installFakeEventSource } from '../../test/fake-run-io';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { runView, succeeded } from '../../test/run-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import ToolPageView from '../catalog/ToolPageView.vue';

afterEach(() => resetApp());

const SAMPLES = [
  { name: 'klasslista-7b.csv', bytes: 420 },
  { name: 'historik-grupper.csv', bytes: 300 },
];

async function render(samples: { name: string; bytes: number }[], tool: ToolPage = toolPage()) {
  const server = createAuthServer(teacher);
  server.on('GET /tools/gruppgenerator', () => json(200, tool));
  server.on('GET /tools/gruppgenerator/session-files', () => json(200, { items: [] }));
  server.on('GET /tools/gruppgenerator/samples', () => json(200, { items: samples }));
  const app = setupApp({ server });
  const streams = installFakeEventSource();
  await app.router.push('/tools/gruppgenerator');
  await app.router.isReady();
  const wrapper = mount(ToolPageView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper, server, streams };
}

describe('Prova med exempeldata', () => {
  it('runs the tool on its sample files with nothing uploaded and shows the result like any run', async () => {
    const { wrapper, server, streams } = await render(SAMPLES);
    expect(wrapper.text()).toContain('klasslista-7b.csv och historik-grupper.csv');
    server.on('POST /tools/gruppgenerator/sample-runs', () => json(202, runView()));

    await buttonByName(wrapper, 'Prova med exempeldata').trigger('click');
    await flushPromises();
    const sent = server.requests.filter((r) => r.path === '/tools/gruppgenerator/sample-runs');
    expect(sent.map((r) => [r.method, r.body])).toEqual([['POST', { inputs: {} }]]);
    expect(sent[0]!.headers['x-csrf-token']).toBe('csrf-1');
    expect(streams[0]!.url).toBe('/api/v1/runs/run-1/events');

    streams[0]!.sendRun(succeeded());
    await flushPromises();
    expect(wrapper.find('.run-result').text()).toContain('Grupp 1: Ada, Bo');
  });

  it('is not offered for a tool without sample files', async () => {
    const { wrapper } = await render([]);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Prova med exempeldata')).toBe(false);
    expect(wrapper.text()).not.toContain('exempeldata');
  });

  it('says why when the server refuses, and keeps the page usable', async () => {
    const { wrapper, server } = await render(SAMPLES);
    server.on('POST /tools/gruppgenerator/sample-runs', () =>
      apiError(404, 'NOT_FOUND', 'Verktyget har inga exempelfiler att prova med.'),
    );
    await buttonByName(wrapper, 'Prova med exempeldata').trigger('click');
    await flushPromises();
    expect(wrapper.find('.sample-run .message').text()).toContain(
      'Verktyget har inga exempelfiler att prova med.',
    );
    expect(buttonByName(wrapper, 'Kör').exists()).toBe(true);
  });
});
