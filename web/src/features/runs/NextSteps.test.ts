import type { NextAction } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { toolPage } from '../../test/catalog-fixtures';
import { buttonByName, describedText, field } from '../../test/dom';
import { installFakeEventSource } from '../../test/fake-run-io';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { payload, runView, succeeded } from '../../test/run-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ToolPageView from '../catalog/ToolPageView.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

type Server = ReturnType<typeof createAuthServer>;

const options = [
  { value: 'sv', label: 'Svenska' },
  { value: 'en', label: 'Engelska' },
];
const ACTION: NextAction = {
  action_id: 'dela',
  label: 'Dela in igen',
  kind: 'form',
  fields: [
    { name: 'antal', label: 'Antal grupper', kind: 'integer' },
    { name: 'anteckning', label: 'Anteckning', kind: 'text' },
    { name: 'blanda', label: 'Blanda', kind: 'boolean' },
    { name: 'sprak', label: 'Språk', kind: 'enum', options },
    { name: 'amnen', label: 'Ämnen', kind: 'multi_enum', options },
    { name: 'vikt', label: 'Vikt', kind: 'number' },
    { name: 'rubrik', label: 'Rubrik', kind: 'string' },
  ],
  prefill: { antal: 4, blanda: true, sprak: 'en', amnen: ['sv', 'en'], rubrik: 'Grupper' },
};
const first = succeeded({
  uiPayload: payload([{ kind: 'markdown', markdown: 'Fyra grupper' }], [ACTION]),
  session: { context: 'default', stateRev: 3 },
});

async function render(setup: (server: Server) => void = () => undefined) {
  const server = createAuthServer(teacher);
  server.on('GET /tools/gruppgenerator', () => json(200, toolPage({ inputSchema: [] })));
  server.on('GET /runs/run-1', () => json(200, first));
  setup(server);
  const app = setupApp({ server });
  const streams = installFakeEventSource();
  await app.router.push('/tools/gruppgenerator?run=run-1');
  await app.router.isReady();
  const wrapper = mount(ToolPageView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper, streams };
}

const actionRequests = (server: Server) => server.requests.filter((r) => r.path === '/runs/run-1/actions');

describe('next steps of a multi-step tool', () => {
  it('draws every field kind of the offered action, started from its prefill', async () => {
    const { wrapper } = await render();
    const form = wrapper.find('.next-action h4');

    expect(form.text()).toBe('Dela in igen');
    expect((field(wrapper, 'Antal grupper').element as HTMLInputElement).value).toBe('4');
    expect(field(wrapper, 'Antal grupper').attributes('inputmode')).toBe('numeric');
    expect(field(wrapper, 'Vikt').attributes('inputmode')).toBe('decimal');
    expect(field(wrapper, 'Anteckning').element.tagName).toBe('TEXTAREA');
    expect((field(wrapper, 'Blanda').element as HTMLInputElement).checked).toBe(true);
    expect((field<HTMLSelectElement>(wrapper, 'Språk').element as HTMLSelectElement).value).toBe('en');
    const checked = wrapper.findAll<HTMLInputElement>('fieldset input:checked').map((i) => i.element.value);
    expect(checked).toEqual(['sv', 'en']);
    expect((field(wrapper, 'Rubrik').element as HTMLInputElement).value).toBe('Grupper');
  });

  it('sends the action with the session’s state revision and shows the new step below the first', async () => {
    const second = runView({ id: 'run-2', parentRunId: 'run-1', actionId: 'dela', status: 'running' });
    const { wrapper, server, streams, router } = await render((s) =>
      s.on('POST /runs/run-1/actions', () => json(202, second)),
    );
    await field(wrapper, 'Antal grupper').setValue('5');
    await wrapper.find('fieldset input[value="sv"]').setValue(false);
    await buttonByName(wrapper, 'Dela in igen').trigger('click');
    await flushPromises();

    expect(actionRequests(server)[0]!.body).toEqual({
      actionId: 'dela',
      input: { antal: '5', blanda: true, sprak: 'en', amnen: ['en'], rubrik: 'Grupper' },
      expectedStateRev: 3,
    });
    expect(router.currentRoute.value.query).toEqual({ run: 'run-2' });
    expect(wrapper.findAll('.step h3').map((h) => h.text())).toEqual(['Steg 1', 'Steg 2: Dela in igen']);
    expect(wrapper.find('.step--earlier').text()).toContain('Fyra grupper');
    expect(streams.at(-1)!.url).toBe('/api/v1/runs/run-2/events');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Dela in igen')).toBe(false);
  });

  it('checks the action’s fields before sending', async () => {
    const { wrapper, server } = await render();
    await field(wrapper, 'Antal grupper').setValue('fem');
    await buttonByName(wrapper, 'Dela in igen').trigger('click');
    await flushPromises();

    expect(describedText(field(wrapper, 'Antal grupper').element)).toContain(
      'Fältet "Antal grupper" ska vara ett heltal, till exempel 12.',
    );
    expect(document.activeElement).toBe(field(wrapper, 'Antal grupper').element);
    expect(actionRequests(server)).toHaveLength(0);
  });

  it('says what happened on a 409 and reloads the newest run of the tool', async () => {
    const newest = succeeded({ id: 'run-9', uiPayload: payload([{ kind: 'markdown', markdown: 'Nyare' }]) });
    const { wrapper, router } = await render((s) => {
      s.on('POST /runs/run-1/actions', () =>
        apiError(409, 'CONFLICT', 'Det finns en nyare körning av verktyget.', { reason: 'STALE_RUN' }),
      );
      s.on('GET /me/runs', (req) =>
        req.query.get('tool') === 'gruppgenerator' && req.query.get('limit') === '1'
          ? json(200, { items: [{ id: 'run-9' }], nextCursor: null })
          : apiError(400, 'VALIDATION_ERROR', 'unexpected query'),
      );
      s.on('GET /runs/run-9', () => json(200, newest));
    });
    await buttonByName(wrapper, 'Dela in igen').trigger('click');
    await flushPromises();

    expect(wrapper.find('[role="alert"]').text()).toContain('Det finns en nyare körning av verktyget');
    await buttonByName(wrapper, 'Ladda om').trigger('click');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ run: 'run-9' });
    expect(wrapper.find('.run-result').text()).toContain('Nyare');
  });
});
