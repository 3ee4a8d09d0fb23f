import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiError, createAuthServer, json } from '../../test/fake-server';
import { admin, contributor, toolSummary } from '../../test/governance-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ToolListView from '../governance/ToolListView.vue';

// The tool's page is a lazily loaded route; loaded once up front, so opening it is quick in the test.
beforeAll(() => import('../governance/ToolView.vue'), 60_000);
afterEach(() => {
  useToasts().clear();
  resetApp();
});

async function render(user = admin) {
  const server = createAuthServer(user);
  server.on('GET /admin/tools', () => json(200, { items: [toolSummary()], nextCursor: null }));
  const app = setupApp({ server });
  await app.router.push('/admin/tools');
  await app.router.isReady();
  const wrapper = mount(ToolListView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper, server };
}

async function choose(wrapper: VueWrapper, file: File) {
  const input = wrapper.find<HTMLInputElement>('.tool-import input[type="file"]');
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
  await input.trigger('change');
  await flushPromises();
}

const EXPORT = { format: 'skriptoteket.tool', tool: { slug: 'provmakare' } };

describe('importing a tool from a file', () => {
  it('is offered to admins only', async () => {
    expect((await render(admin)).wrapper.text()).toContain('Importera verktyg från fil');
    resetApp();
    expect((await render(contributor)).wrapper.text()).not.toContain('Importera verktyg från fil');
  });

  it('says a file that is not JSON cannot be an export, and sends nothing', async () => {
    const { wrapper, server } = await render();
    await choose(wrapper, new File(['inte json'], 'prov.json', { type: 'application/json' }));
    expect(wrapper.find('.tool-import .message').text()).toContain('Filen prov.json är ingen JSON-fil');
    expect(server.requests.some((r) => r.path === '/admin/tools/import')).toBe(false);
  });

  it('lists every reason the server gives for refusing the file', async () => {
    const { wrapper, server } = await render();
    server.on('POST /admin/tools/import', () =>
      apiError(422, 'VALIDATION_ERROR', 'Verktyget kan inte importeras.', {
        issues: [
          { path: ['tool', 'slug'], message: 'Det finns redan ett verktyg med adressen "provmakare".' },
          { path: ['tool', 'professions'], message: 'Okända yrkesroller: astronaut.' },
        ],
      }),
    );
    await choose(wrapper, new File([JSON.stringify(EXPORT)], 'prov.json', { type: 'application/json' }));
    const sent = server.requests.find((r) => r.path === '/admin/tools/import');
    expect(sent?.body).toEqual(EXPORT);
    const message = wrapper.find('.tool-import .message').text();
    expect(message).toContain('Verktyget kan inte importeras.');
    expect(message).toContain('tool.slug: Det finns redan ett verktyg med adressen "provmakare".');
    expect(message).toContain('tool.professions: Okända yrkesroller: astronaut.');
  });

  it('opens the imported tool', async () => {
    const { wrapper, server, router } = await render();
    server.on('POST /admin/tools/import', () =>
      json(201, {
        id: 'tool-9',
        slug: 'provmakare',
        title: 'Provmakare',
        versionCount: 3,
        sampleCount: 1,
        isPublished: false,
      }),
    );
    await choose(wrapper, new File([JSON.stringify(EXPORT)], 'prov.json', { type: 'application/json' }));
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/admin/tools/tool-9'), {
      timeout: 4_000,
    });
    expect(useToasts().toasts.map((toast) => toast.message)).toContain(
      '”Provmakare” importerades med 3 versioner.',
    );
  });
});
