import type { User } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiError, createAuthServer, json } from '../../test/fake-server';
import { button, describedText, field, hasButton } from '../../test/dom';
import { admin, adminTool, contributor, toolSummary } from '../../test/governance-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ToolListView from './ToolListView.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

async function renderList(user: User, path = '/admin/tools') {
  const server = createAuthServer(user);
  server.on('GET /admin/tools', () =>
    json(200, { items: [toolSummary({ status: 'published', hasPendingReview: true })], nextCursor: null }),
  );
  const app = setupApp({ server });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(ToolListView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

async function openCreateDialog(wrapper: Awaited<ReturnType<typeof renderList>>['wrapper']) {
  await button(wrapper, 'Nytt verktyg').trigger('click');
  await flushPromises();
  return wrapper.find('[role="dialog"]');
}

describe('ToolListView', () => {
  it('lists tools with their status and the waiting-for-review marker', async () => {
    const { wrapper } = await renderList(admin);

    expect(wrapper.find('h1').text()).toBe('Verktyg att förvalta');
    const row = wrapper.find('tbody tr');
    expect(row.find('a').text()).toBe('Gruppgenerator');
    expect(row.find('a').attributes('href')).toBe('/admin/tools/tool-1');
    expect(row.text()).toContain('Publicerad');
    expect(row.text()).toContain('Väntar på granskning');
  });

  it('puts the search and the status filter in the address and asks the server with them', async () => {
    const { wrapper, router, server } = await renderList(admin);
    server.on('GET /admin/tools?q=grupp&status=draft', () => json(200, { items: [], nextCursor: null }));

    await field(wrapper, 'Sök verktyg').setValue('grupp');
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();
    await field<HTMLSelectElement>(wrapper, 'Status').setValue('draft');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ q: 'grupp', status: 'draft' });
    expect(server.requests.at(-1)?.path).toBe('/admin/tools?q=grupp&status=draft');
    expect(wrapper.text()).toContain('Inga verktyg matchar');
  });

  it('shows contributors "Mina verktyg" and no create button', async () => {
    const { wrapper } = await renderList(contributor);

    expect(wrapper.find('h1').text()).toBe('Mina verktyg');
    expect(hasButton(wrapper, 'Nytt verktyg')).toBe(false);
  });

  it('requires a title, says so at the field, focuses it and sends nothing', async () => {
    const { wrapper, server } = await renderList(admin);
    const dialog = await openCreateDialog(wrapper);

    expect(document.activeElement).toBe(field(wrapper, 'Titel').element);
    await dialog.find('form').trigger('submit');
    await flushPromises();

    const title = field(wrapper, 'Titel');
    expect(title.attributes('aria-invalid')).toBe('true');
    expect(describedText(title.element)).toBe('Skriv en titel.');
    expect(document.activeElement).toBe(title.element);
    expect(server.requests.some((r) => r.method === 'POST' && r.path === '/admin/tools')).toBe(false);
  });

  it('creates the tool and goes to its page', async () => {
    const { wrapper, server, router } = await renderList(admin);
    server.on('POST /admin/tools', (req) =>
      json(201, adminTool({ id: 'tool-new', ...(req.body as { title: string; summary: string }) })),
    );
    const dialog = await openCreateDialog(wrapper);

    await field(wrapper, 'Titel').setValue('  Betyg åk 9  ');
    await field<HTMLTextAreaElement>(wrapper, 'Sammanfattning').setValue('Sammanställer betyg.');
    await dialog.find('form').trigger('submit');
    await flushPromises();

    const post = server.requests.find((r) => r.method === 'POST' && r.path === '/admin/tools');
    expect(post?.body).toEqual({ title: 'Betyg åk 9', summary: 'Sammanställer betyg.' });
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/admin/tools/tool-new'));
    expect(useToasts().toasts.map((t) => t.message)).toContain('Verktyget ”Betyg åk 9” är skapat.');
  });

  it('shows a field problem from the server next to the field and keeps the dialog open', async () => {
    const { wrapper, server, router } = await renderList(admin);
    server.on('POST /admin/tools', () =>
      apiError(422, 'VALIDATION_ERROR', 'Några uppgifter behöver rättas.', {
        issues: [{ path: ['body', 'title'], message: 'Titeln är för lång.' }],
      }),
    );
    const dialog = await openCreateDialog(wrapper);

    await field(wrapper, 'Titel').setValue('x');
    await dialog.find('form').trigger('submit');
    await flushPromises();

    expect(describedText(field(wrapper, 'Titel').element)).toBe('Titeln är för lång.');
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true);
    expect(router.currentRoute.value.fullPath).toBe('/admin/tools');
  });
});
