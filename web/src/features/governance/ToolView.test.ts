import type { AdminTool, User } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { apiError, createAuthServer, json } from '../../test/fake-server';
import { button, field } from '../../test/dom';
import { admin, adminTool, auditEvent, contributor, person } from '../../test/governance-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ToolView from './ToolView.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

const taxonomy = {
  professions: [{ slug: 'larare', label: 'Lärare', order: 10 }],
  categories: [{ slug: 'ovrigt', label: 'Övrigt', order: 40 }],
};

async function renderTool(user: User, tool: AdminTool, path = '/admin/tools/tool-1') {
  const server = createAuthServer(user);
  server.on('GET /admin/tools/tool-1', () => json(200, tool));
  server.on('GET /catalog/taxonomy', () => json(200, taxonomy));
  const app = setupApp({ server });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(ToolView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

const tab = (wrapper: Awaited<ReturnType<typeof renderTool>>['wrapper'], name: string) => {
  const found = wrapper.findAll('[role="tab"]').find((t) => t.text() === name);
  if (!found) throw new Error(`No tab ${name}`);
  return found;
};

describe('ToolView', () => {
  it('names the tool, its status and address, and who holds the edit lock', async () => {
    const lock = {
      holder: person(contributor),
      acquiredAt: '2026-03-02T09:00:00Z',
      expiresAt: '2026-03-02T09:10:00Z',
      isMine: false,
    };
    const { wrapper } = await renderTool(admin, adminTool({ lock }));

    expect(wrapper.find('h1').text()).toBe('Gruppgenerator');
    expect(wrapper.text()).toContain('Utkast');
    expect(wrapper.text()).toContain('gruppgenerator');
    expect(wrapper.text()).toContain(`${contributor.name} redigerar verktyget just nu`);
    expect(wrapper.findAll('[role="tab"]').map((t) => t.text())).toEqual([
      'Uppgifter',
      'Publicering',
      'Förvaltare',
      'Versioner',
      'Händelser',
    ]);
  });

  it('lists the tool events in words under "Händelser", keeping the tab in the address', async () => {
    const { wrapper, server, router } = await renderTool(admin, adminTool());
    server.on('GET /admin/tools/tool-1/audit?limit=25', () =>
      json(200, {
        items: [
          auditEvent({ id: 2, action: 'version.published', details: { number: 1, changeSummary: '' } }),
          auditEvent({ id: 1, action: 'tool.created', details: { slug: 'gruppgenerator' } }),
        ],
        nextCursor: null,
      }),
    );

    await tab(wrapper, 'Händelser').trigger('click');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ tab: 'events' });
    const rows = wrapper.findAll('tbody tr').map((row) =>
      row
        .findAll('td')
        .at(-1)!
        .findAll('span')
        .map((s) => s.text()),
    );
    expect(rows).toEqual([['Publicerade version 1'], ['Skapade verktyget', 'Adress: gruppgenerator']]);
  });

  it('lists what blocks publishing when the server refuses', async () => {
    const { wrapper, server } = await renderTool(admin, adminTool(), '/admin/tools/tool-1?tab=publishing');
    server.on('POST /admin/tools/tool-1/publish', () =>
      apiError(409, 'CONFLICT', 'Verktyget kan inte publiceras än.', {
        blockers: ['Verktyget har ingen publicerad version.', 'Välj minst en kategori.'],
      }),
    );

    await button(wrapper, 'Publicera verktyget').trigger('click');
    await flushPromises();
    await button(wrapper, 'Ja, publicera').trigger('click');
    await flushPromises();

    expect(wrapper.findAll('li').map((li) => li.text())).toEqual([
      'Verktyget har ingen publicerad version.',
      'Välj minst en kategori.',
    ]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
  });

  it('explains a locked address and keeps it read-only', async () => {
    const { wrapper } = await renderTool(admin, adminTool({ isSlugLocked: true, isPublished: true }));

    const slug = field(wrapper, 'Adress');
    expect(slug.attributes('readonly')).toBeDefined();
    expect(wrapper.text()).toContain('Adressen kan inte ändras längre eftersom verktyget har publicerats.');
  });

  it('saves only what changed and shows a taken address at the address field', async () => {
    const { wrapper, server } = await renderTool(admin, adminTool());
    server.on('PATCH /admin/tools/tool-1', () =>
      apiError(409, 'CONFLICT', 'Adressen "grupper" används redan av ett annat verktyg.'),
    );

    await field(wrapper, 'Adress').setValue('grupper');
    await wrapper.find('input[type="checkbox"][value="larare"]').setValue(true);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const patch = server.requests.find((r) => r.method === 'PATCH');
    expect(patch?.body).toEqual({ slug: 'grupper', professions: ['larare'] });
    const slug = field(wrapper, 'Adress');
    expect(slug.attributes('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(slug.element);
  });

  it('shows contributors the details without a form and no publish button', async () => {
    const { wrapper } = await renderTool(contributor, adminTool({ canAdminister: false }));

    expect(wrapper.find('form').exists()).toBe(false);
    expect(wrapper.text()).toContain('Bara administratörer kan ändra verktygets uppgifter.');

    await tab(wrapper, 'Publicering').trigger('click');
    await flushPromises();
    expect(wrapper.text()).not.toContain('Publicera verktyget');
  });

  it('says so when the tool does not exist (or is not theirs)', async () => {
    const server = createAuthServer(admin);
    const app = setupApp({ server });
    await app.router.push('/admin/tools/tool-1');
    const wrapper = mount(ToolView, { global: { plugins: [...app.plugins] } });
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Verktyget finns inte');
  });
});
