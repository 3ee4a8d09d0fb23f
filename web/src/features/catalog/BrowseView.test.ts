import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogPage, taxonomy, toolCard } from '../../test/catalog-fixtures';
import { accessibleName, buttonByName, describedText, field } from '../../test/dom';
import { apiError, createAuthServer, json, teacher, type RecordedRequest } from '../../test/fake-server';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import BrowseView from './BrowseView.vue';

afterEach(() => {
  vi.useRealTimers();
  useToasts().clear();
  resetApp();
});

type Server = ReturnType<typeof createAuthServer>;

async function renderBrowse(path = '/browse', setup: (server: Server) => void = () => undefined) {
  const server = createAuthServer(teacher);
  server.on('GET /catalog/taxonomy', () => json(200, taxonomy));
  server.on('GET /catalog/tools', () => json(200, catalogPage([toolCard()])));
  setup(server);
  const app = setupApp({ server });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(BrowseView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

const searches = (server: Server) => server.requests.filter((r) => r.path.startsWith('/catalog/tools'));
const lastSearch = (server: Server) => searches(server).at(-1)?.query.toString();
const status = (wrapper: Awaited<ReturnType<typeof renderBrowse>>['wrapper']) =>
  wrapper.find('p[role="status"]').text();

/** A response the test releases later, like a slow server. */
function slowResponse() {
  let release: (response: Response) => void = () => undefined;
  const response = new Promise<Response>((resolve) => (release = resolve));
  return { response, release };
}

describe('BrowseView', () => {
  it('shows the tools as cards with a link, summary, labels and a star, and announces the count', async () => {
    const { wrapper } = await renderBrowse();

    expect(wrapper.find('h1').text()).toBe('Verktyg');
    expect(document.title).toBe('Verktyg – Skriptoteket');
    const card = wrapper.find('article');
    expect(card.find('h2 a').text()).toBe('Gruppgenerator');
    expect(card.find('h2 a').attributes('href')).toBe('/tools/gruppgenerator');
    expect(card.text()).toContain('Delar in en klass i grupper.');
    expect(card.text()).toContain('Lärare');
    expect(card.text()).toContain('Lektionsplanering');
    const star = buttonByName(wrapper, 'Markera Gruppgenerator som favorit');
    expect(star.attributes('aria-pressed')).toBe('false');
    expect(status(wrapper)).toBe('1 verktyg');
  });

  it('reproduces the view from the address, as after a reload or from a link', async () => {
    const { wrapper, server } = await renderBrowse(
      '/browse?q=grupp&professions=rektor,larare&categories=mentorskap&favorites=true',
    );

    expect(lastSearch(server)).toBe(
      'q=grupp&professions=larare%2Crektor&categories=mentorskap&favorites=true&limit=24',
    );
    expect(field(wrapper, 'Sök verktyg').element.value).toBe('grupp');
    for (const name of ['Lärare', 'Rektor', 'Mentorskap', 'Bara favoriter']) {
      expect(buttonByName(wrapper, name).attributes('aria-pressed'), name).toBe('true');
    }
    expect(buttonByName(wrapper, 'Specialpedagog').attributes('aria-pressed')).toBe('false');
  });

  it('toggles facet chips (several within a facet), keeps them in the address and follows back/forward', async () => {
    const { wrapper, server, router } = await renderBrowse();
    // Chips are named by their label alone; the count is their description.
    const teacherChip = () => buttonByName(wrapper, 'Lärare');
    expect(describedText(teacherChip().element)).toBe('1 verktyg');

    await teacherChip().trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ professions: 'larare' });
    expect(lastSearch(server)).toBe('professions=larare&limit=24');
    expect(teacherChip().attributes('aria-pressed')).toBe('true');

    await buttonByName(wrapper, 'Rektor').trigger('click');
    await flushPromises();
    await buttonByName(wrapper, 'Mentorskap').trigger('click');
    await flushPromises();
    expect(lastSearch(server)).toBe('professions=larare%2Crektor&categories=mentorskap&limit=24');

    await teacherChip().trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({ professions: 'rektor', categories: 'mentorskap' });
    expect(teacherChip().attributes('aria-pressed')).toBe('false');

    router.back();
    await vi.waitFor(() => expect(router.currentRoute.value.query.professions).toBe('larare,rektor'));
    await flushPromises();
    expect(teacherChip().attributes('aria-pressed')).toBe('true');
    expect(lastSearch(server)).toBe('professions=larare%2Crektor&categories=mentorskap&limit=24');
  });

  it('clears the chips but keeps the search text with "Rensa filtren"', async () => {
    const { wrapper, router } = await renderBrowse('/browse?q=grupp&professions=larare&favorites=true');

    await buttonByName(wrapper, 'Rensa filtren').trigger('click');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ q: 'grupp' });
    expect(field(wrapper, 'Sök verktyg').element.value).toBe('grupp');
  });

  it('lists the chips in the taxonomy order with their labels', async () => {
    const { wrapper } = await renderBrowse();

    const groups = wrapper.findAll('[role="group"]');
    const names = (index: number) => groups[index]!.findAll('button').map((b) => accessibleName(b.element));
    expect(names(0)).toEqual(['Lärare', 'Specialpedagog', 'Rektor']);
    expect(names(1)).toEqual(['Lektionsplanering', 'Mentorskap']);
  });

  it('searches once the user pauses typing, without a history entry per keystroke', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { wrapper, server, router } = await renderBrowse();
    const push = vi.spyOn(router, 'push');
    const replace = vi.spyOn(router, 'replace');
    const before = searches(server).length;
    const input = field(wrapper, 'Sök verktyg');

    for (const text of ['g', 'gr', 'grupp']) {
      await input.setValue(text);
      vi.advanceTimersByTime(100);
    }
    await flushPromises();
    expect(searches(server)).toHaveLength(before);

    vi.advanceTimersByTime(150);
    await flushPromises();
    expect(searches(server)).toHaveLength(before + 1);
    expect(lastSearch(server)).toBe('q=grupp&limit=24');
    expect(router.currentRoute.value.fullPath).toBe('/browse?q=grupp');
    expect(replace).toHaveBeenCalledOnce();
    expect(push).not.toHaveBeenCalled();
  });

  it('follows a tool link clicked mid-word instead of the search still waiting to run', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { wrapper, router } = await renderBrowse();
    const replace = vi.spyOn(router, 'replace');

    await field(wrapper, 'Sök verktyg').setValue('gruppgen');
    await router.push('/tools/gruppgenerator');
    vi.advanceTimersByTime(250);
    await flushPromises();

    expect(router.currentRoute.value.fullPath).toBe('/tools/gruppgenerator');
    expect(replace).not.toHaveBeenCalled();
  });

  it('cancels a search that is still running when a newer one starts, and never shows its answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slow = slowResponse();
    const { wrapper, server } = await renderBrowse('/browse', (s) =>
      s.on('GET /catalog/tools', (req: RecordedRequest) =>
        req.query.get('q') === 'grupp'
          ? slow.response
          : json(200, catalogPage([toolCard({ id: 't2', title: `Svar för ${req.query.get('q') ?? ''}` })])),
      ),
    );
    const input = field(wrapper, 'Sök verktyg');

    await input.setValue('grupp');
    vi.advanceTimersByTime(250);
    await flushPromises();
    expect(wrapper.find('.browse__progress').exists()).toBe(true);
    expect(wrapper.find('ul[aria-busy="true"]').exists()).toBe(true);
    const stale = searches(server).at(-1)!;

    await input.setValue('gruppen');
    vi.advanceTimersByTime(250);
    await flushPromises();
    expect(stale.signal?.aborted).toBe(true);
    expect(wrapper.find('article h2').text()).toBe('Svar för gruppen');

    slow.release(json(200, catalogPage([toolCard({ title: 'Gammalt svar' })])));
    await flushPromises();
    expect(wrapper.find('article h2').text()).toBe('Svar för gruppen');
    expect(wrapper.find('.browse__progress').exists()).toBe(false);
  });

  it('searches at once on Enter', async () => {
    const { wrapper, server } = await renderBrowse();

    await field(wrapper, 'Sök verktyg').setValue('e-post');
    await wrapper.find('form[role="search"]').trigger('submit');
    await flushPromises();

    expect(lastSearch(server)).toBe('q=e-post&limit=24');
  });

  it('says when nothing matches and clears every filter with one button', async () => {
    const { wrapper, router } = await renderBrowse('/browse?q=zzz&categories=mentorskap', (s) =>
      s.on('GET /catalog/tools', (req: RecordedRequest) =>
        json(200, catalogPage(req.query.has('q') ? [] : [toolCard()])),
      ),
    );

    expect(wrapper.find('h2').text()).toBe('Inga verktyg matchar ”zzz”');
    expect(status(wrapper)).toBe('0 verktyg');
    expect(wrapper.text()).toContain('Pröva ett annat eller kortare sökord');
    await buttonByName(wrapper, 'Visa alla verktyg').trigger('click');
    await flushPromises();

    expect(router.currentRoute.value.fullPath).toBe('/browse');
    expect(field(wrapper, 'Sök verktyg').element.value).toBe('');
    expect(wrapper.findAll('article')).toHaveLength(1);
  });

  it('explains the star when "Bara favoriter" finds no favorites', async () => {
    const { wrapper, router } = await renderBrowse('/browse', (s) =>
      s.on('GET /catalog/tools', (req: RecordedRequest) =>
        json(200, catalogPage(req.query.has('favorites') ? [] : [toolCard()])),
      ),
    );

    await buttonByName(wrapper, 'Bara favoriter').trigger('click');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ favorites: 'true' });
    expect(wrapper.text()).toContain('Du har inga favoriter än');
    expect(wrapper.text()).toContain('Tryck på stjärnan');
    await buttonByName(wrapper, 'Visa alla verktyg').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({});
  });

  it('stars a tool at once and rolls back with a message when saving fails', async () => {
    const { wrapper } = await renderBrowse('/browse', (s) =>
      s.on('PUT /me/favorites/tool-1', () => apiError(503, 'UNAVAILABLE', 'Down')),
    );

    const clicked = buttonByName(wrapper, 'Markera Gruppgenerator som favorit').trigger('click');
    await clicked;
    expect(buttonByName(wrapper, 'Ta bort Gruppgenerator från favoriter').attributes('aria-pressed')).toBe(
      'true',
    );

    await flushPromises();
    expect(buttonByName(wrapper, 'Markera Gruppgenerator som favorit').attributes('aria-pressed')).toBe(
      'false',
    );
    expect(useToasts().toasts.map((t) => [t.kind, t.message])).toEqual([
      ['error', 'Vi kunde inte spara ”Gruppgenerator” som favorit. Försök igen.'],
    ]);
  });

  it('loads more tools with the cursor and moves focus to the first new one', async () => {
    const first = [toolCard({ id: 'a', title: 'A' }), toolCard({ id: 'b', title: 'B' })];
    const { wrapper, server } = await renderBrowse('/browse', (s) =>
      s.on('GET /catalog/tools', (req: RecordedRequest) =>
        req.query.get('cursor') === 'c2'
          ? json(200, catalogPage([toolCard({ id: 'c', slug: 'c', title: 'C' })], { total: 3 }))
          : json(200, catalogPage(first, { total: 3, nextCursor: 'c2' })),
      ),
    );
    expect(status(wrapper)).toBe('Visar 2 av 3 verktyg');

    await buttonByName(wrapper, 'Visa fler').trigger('click');
    await flushPromises();

    expect(lastSearch(server)).toBe('limit=24&cursor=c2');
    expect(wrapper.findAll('article h2').map((h) => h.text())).toEqual(['A', 'B', 'C']);
    expect(document.activeElement?.textContent).toBe('C');
    expect(status(wrapper)).toBe('3 verktyg');
    expect(wrapper.findAll('button').some((b) => b.text() === 'Visa fler')).toBe(false);
  });

  it('shows placeholders while the first results load, and a retry when they fail', async () => {
    const slow = slowResponse();
    const { wrapper } = await renderBrowse('/browse', (s) => s.on('GET /catalog/tools', () => slow.response));

    expect(wrapper.find('.skeleton-grid').exists()).toBe(true);
    slow.release(apiError(503, 'UNAVAILABLE', 'Down'));
    await flushPromises();

    expect(wrapper.find('[role="alert"]').text()).toContain('Vi kunde inte hämta verktygen');
    expect(buttonByName(wrapper, 'Försök igen').exists()).toBe(true);
  });
});
