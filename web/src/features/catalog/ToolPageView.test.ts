import type { ToolPage } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { taxonomy, toolPage } from '../../test/catalog-fixtures';
import { buttonByName, field, hasButton } from '../../test/dom';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ToolPageView from './ToolPageView.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

type Server = ReturnType<typeof createAuthServer>;

async function renderTool(
  page: ToolPage | null = toolPage(),
  setup: (server: Server) => void = () => undefined,
) {
  const server = createAuthServer(teacher);
  server.on('GET /catalog/taxonomy', () => json(200, taxonomy));
  server.on('GET /tools/gruppgenerator', () =>
    page ? json(200, page) : apiError(404, 'NOT_FOUND', 'Verktyget finns inte eller är inte publicerat.'),
  );
  server.on('POST /tools/gruppgenerator/instructions-read', () => new Response(null, { status: 204 }));
  setup(server);
  const app = setupApp({ server });
  await app.router.push('/tools/gruppgenerator');
  await app.router.isReady();
  const wrapper = mount(ToolPageView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

const instructionsButton = (wrapper: Awaited<ReturnType<typeof renderTool>>['wrapper']) =>
  buttonByName(wrapper, 'Så använder du verktyget');
const panel = (wrapper: Awaited<ReturnType<typeof renderTool>>['wrapper']) =>
  wrapper.find(`#${CSS.escape(instructionsButton(wrapper).attributes('aria-controls')!)}`);
const readRequests = (server: Server) =>
  server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/instructions-read'));

describe('ToolPageView', () => {
  it('shows the title, summary, labels and a star in the header, and names the page', async () => {
    const { wrapper } = await renderTool(toolPage({ isFavorite: true }));

    expect(wrapper.find('h1').text()).toBe('Gruppgenerator');
    expect(document.title).toBe('Gruppgenerator – Skriptoteket');
    expect(wrapper.find('header').text()).toContain('Delar in en klass i grupper.');
    expect(wrapper.find('header').text()).toContain('Lärare');
    expect(wrapper.find('header').text()).toContain('Lektionsplanering');
    const star = buttonByName(wrapper, 'Ta bort Gruppgenerator från favoriter');
    expect(star.attributes('aria-pressed')).toBe('true');
    expect(wrapper.find('a[href="/browse"]').text()).toContain('Alla verktyg');
  });

  it('opens unread instructions, rendered from markdown, and marks them read when closed', async () => {
    const { wrapper, server } = await renderTool();

    expect(instructionsButton(wrapper).attributes('aria-expanded')).toBe('true');
    expect(panel(wrapper).isVisible()).toBe(true);
    expect(panel(wrapper).find('h3').text()).toBe('Kom igång');
    expect(panel(wrapper).find('strong').text()).toBe('klasslistan');
    expect(readRequests(server)).toHaveLength(0);

    await instructionsButton(wrapper).trigger('click');
    await flushPromises();

    expect(instructionsButton(wrapper).attributes('aria-expanded')).toBe('false');
    expect(panel(wrapper).isVisible()).toBe(false);
    expect(readRequests(server)).toHaveLength(1);

    // Opening and closing again sends nothing more.
    await instructionsButton(wrapper).trigger('click');
    await instructionsButton(wrapper).trigger('click');
    await flushPromises();
    expect(readRequests(server)).toHaveLength(1);
  });

  it('marks them read with "Jag har läst", closes the panel and returns focus to its button', async () => {
    const { wrapper, server } = await renderTool();

    await buttonByName(wrapper, 'Jag har läst').trigger('click');
    await flushPromises();

    expect(readRequests(server)).toHaveLength(1);
    expect(instructionsButton(wrapper).attributes('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(instructionsButton(wrapper).element);
    expect(hasButton(wrapper, 'Jag har läst')).toBe(false);
  });

  it('starts closed once read, and opens on request without marking again', async () => {
    const { wrapper, server } = await renderTool(toolPage({ hasReadInstructions: true }));

    expect(instructionsButton(wrapper).attributes('aria-expanded')).toBe('false');
    await instructionsButton(wrapper).trigger('click');
    expect(panel(wrapper).isVisible()).toBe(true);
    expect(hasButton(wrapper, 'Jag har läst')).toBe(false);
    await instructionsButton(wrapper).trigger('click');
    await flushPromises();
    expect(readRequests(server)).toHaveLength(0);
  });

  it('tries again on the next close when marking as read failed', async () => {
    let attempts = 0;
    const { wrapper, server } = await renderTool(toolPage(), (s) =>
      s.on('POST /tools/gruppgenerator/instructions-read', () =>
        ++attempts === 1 ? apiError(503, 'UNAVAILABLE', 'Down') : new Response(null, { status: 204 }),
      ),
    );

    await instructionsButton(wrapper).trigger('click');
    await flushPromises();
    await instructionsButton(wrapper).trigger('click');
    await instructionsButton(wrapper).trigger('click');
    await flushPromises();

    expect(readRequests(server)).toHaveLength(2);
    expect(useToasts().toasts).toHaveLength(0);
  });

  it('leaves the instructions out when the tool has none', async () => {
    const { wrapper } = await renderTool(toolPage({ usageInstructions: '  ' }));

    expect(hasButton(wrapper, 'Så använder du verktyget')).toBe(false);
  });

  it('shows the run form: fields with visible required marks, the files it accepts and its settings', async () => {
    const { wrapper } = await renderTool(toolPage({ hasSettings: true }));
    const form = wrapper.find('form[aria-labelledby]');

    expect(form.find('h2').text()).toBe('Kör verktyget');
    const size = field(wrapper, 'Gruppstorlek');
    expect(size.attributes('aria-required')).toBe('true');
    expect(size.element.closest('.field')?.textContent).toContain('obligatoriskt');
    const files = wrapper.find('[role="group"]');
    expect(files.find('.field__label').text()).toBe('Klasslista obligatoriskt');
    expect(files.text()).toContain('1 fil · Filtyper: .xlsx · Högst 10 MB per fil och 50 MB totalt');
    expect(buttonByName(wrapper, 'Välj fil').exists()).toBe(true);
    expect(buttonByName(wrapper, 'Mina inställningar').attributes('aria-expanded')).toBe('false');
    expect(buttonByName(wrapper, 'Kör').attributes('type')).toBe('submit');
  });

  it('says when the tool needs nothing', async () => {
    const { wrapper } = await renderTool(toolPage({ inputSchema: [] }));

    expect(wrapper.text()).toContain('Verktyget behöver inga uppgifter från dig.');
  });

  it('shows "not found" with a way to all tools for a tool that is not published', async () => {
    const { wrapper } = await renderTool(null);

    expect(wrapper.find('h1').text()).toBe('Verktyget finns inte');
    const links = wrapper.findAll('a[href="/browse"]').map((a) => a.text());
    expect(links).toContain('Hitta verktyg');
  });

  it('offers a retry when the tool could not be loaded', async () => {
    const { wrapper, server } = await renderTool(toolPage(), (s) =>
      s.on('GET /tools/gruppgenerator', () => apiError(503, 'UNAVAILABLE', 'Down')),
    );
    expect(wrapper.find('[role="alert"]').text()).toContain('Vi kunde inte hämta verktyget');

    server.on('GET /tools/gruppgenerator', () => json(200, toolPage()));
    await buttonByName(wrapper, 'Försök igen').trigger('click');
    await flushPromises();

    expect(wrapper.find('h1').text()).toBe('Gruppgenerator');
  });
});
