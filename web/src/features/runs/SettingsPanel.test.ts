import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { buttonByName, describedText, field } from '../../test/dom';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import SettingsPanel from './components/SettingsPanel.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

const SCHEMA = [
  { name: 'skola', label: 'Skola', kind: 'string', required: true },
  { name: 'max', label: 'Största grupp', kind: 'integer' },
];

async function render(setup: (server: ReturnType<typeof createAuthServer>) => void = () => undefined) {
  const server = createAuthServer(teacher);
  server.on('GET /tools/gruppgenerator/settings', () =>
    json(200, { schema: SCHEMA, values: { skola: 'Tallbacka' } }),
  );
  setup(server);
  const app = setupApp({ server });
  const wrapper = mount(SettingsPanel, {
    props: { slug: 'gruppgenerator' },
    global: { plugins: [...app.plugins] },
    attachTo: document.body,
  });
  await flushPromises();
  return { ...app, wrapper };
}

describe('SettingsPanel', () => {
  it('loads my settings when opened and saves them with a toast', async () => {
    const { wrapper, server } = await render((s) =>
      s.on('PUT /tools/gruppgenerator/settings', (req) =>
        json(200, { schema: SCHEMA, values: (req.body as { values: object }).values }),
      ),
    );
    expect(server.requests.some((r) => r.path.endsWith('/settings'))).toBe(false);

    await buttonByName(wrapper, 'Mina inställningar').trigger('click');
    await flushPromises();
    expect((field(wrapper, 'Skola').element as HTMLInputElement).value).toBe('Tallbacka');
    await field(wrapper, 'Största grupp').setValue('6');
    await buttonByName(wrapper, 'Spara').trigger('click');
    await flushPromises();

    const put = server.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toEqual({ values: { skola: 'Tallbacka', max: '6' } });
    expect(useToasts().toasts.map((toast) => [toast.kind, toast.message])).toEqual([
      ['success', 'Inställningarna har sparats.'],
    ]);
  });

  it('shows problems at the fields, from the form and from the server', async () => {
    const { wrapper, server } = await render((s) =>
      s.on('PUT /tools/gruppgenerator/settings', () =>
        apiError(422, 'VALIDATION_ERROR', 'Några inställningar behöver rättas.', {
          issues: [
            {
              path: ['input', 'max'],
              message: 'Fältet "Största grupp" ska vara ett heltal, till exempel 12.',
            },
          ],
        }),
      ),
    );
    await buttonByName(wrapper, 'Mina inställningar').trigger('click');
    await flushPromises();

    await field(wrapper, 'Skola').setValue(' ');
    await buttonByName(wrapper, 'Spara').trigger('click');
    await flushPromises();
    expect(describedText(field(wrapper, 'Skola').element)).toContain(
      'Fältet "Skola" är obligatoriskt. Fyll i det.',
    );
    expect(server.requests.some((r) => r.method === 'PUT')).toBe(false);

    await field(wrapper, 'Skola').setValue('Tallbacka');
    await buttonByName(wrapper, 'Spara').trigger('click');
    await flushPromises();
    expect(describedText(field(wrapper, 'Största grupp').element)).toContain('ska vara ett heltal');
    expect(document.activeElement).toBe(field(wrapper, 'Största grupp').element);
    expect(useToasts().toasts).toEqual([]);
  });
});
