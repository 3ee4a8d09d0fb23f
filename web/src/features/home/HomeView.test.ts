import type { User } from '@skriptoteket/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { recentTool, runItem, taxonomy, toolCard } from '../../test/catalog-fixtures';
import { buttonByName } from '../../test/dom';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { admin, contributor, reviewItem, toolSummary } from '../../test/governance-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import HomeView from './HomeView.vue';

afterEach(resetApp);

type Server = ReturnType<typeof createAuthServer>;

async function renderHome(user: User = teacher, setup: (server: Server) => void = () => undefined) {
  const server = createAuthServer(user);
  server.on('GET /catalog/taxonomy', () => json(200, taxonomy));
  server.on('GET /me/favorites', () => json(200, { items: [] }));
  server.on('GET /me/recent-tools', () => json(200, { items: [] }));
  server.on('GET /me/runs', () => json(200, { items: [], nextCursor: null }));
  server.on('GET /admin/tools', () => json(200, { items: [], nextCursor: null }));
  server.on('GET /admin/reviews', () => json(200, { items: [], nextCursor: null }));
  server.on('GET /admin/system-status', () => json(200, { sandbox: { ok: true, message: null } }));
  setup(server);
  const app = setupApp({ server });
  await app.router.push('/');
  await app.router.isReady();
  const wrapper = mount(HomeView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

/** The <section> whose h2 reads `title`. */
function section(wrapper: VueWrapper, title: string) {
  const found = wrapper.findAll('section').find((s) => s.find('h2').text() === title);
  if (!found) throw new Error(`No section ${title}`);
  return found;
}

const headings = (wrapper: VueWrapper) => wrapper.findAll('h2').map((h) => h.text());

describe('HomeView', () => {
  it('greets the user and gives a teacher favorites, recent tools and latest runs, nothing more', async () => {
    const { wrapper, server } = await renderHome();

    expect(wrapper.find('h1').text()).toBe('Hej Anna Lärare!');
    expect(document.title).toBe('Hem – Skriptoteket');
    expect(headings(wrapper)).toEqual(['Favoriter', 'Senast använda', 'Senaste körningar']);
    expect(server.requests.some((r) => r.path === '/me/runs?limit=5')).toBe(true);
    expect(server.requests.some((r) => r.path.startsWith('/admin/'))).toBe(false);
  });

  it('says in each empty section what to do, with a way to the tools', async () => {
    const { wrapper } = await renderHome();

    const cases = [
      ['Favoriter', 'Inga favoriter än', 'Tryck på stjärnan'],
      ['Senast använda', 'Inga använda verktyg än', 'Verktygen som du kör visas här'],
      ['Senaste körningar', 'Inga körningar än', 'Välj ett verktyg och kör det'],
    ];
    for (const [title, emptyTitle, text] of cases) {
      const found = section(wrapper, title!);
      expect(found.find('h3').text(), title).toBe(emptyTitle);
      expect(found.text(), title).toContain(text);
      const link = found.find('a[href="/browse"]');
      expect(link.text(), title).toBe('Hitta verktyg');
    }
  });

  it('lists favorites with a pressed star and recent tools with when they were used', async () => {
    const { wrapper } = await renderHome(teacher, (s) => {
      s.on('GET /me/favorites', () => json(200, { items: [toolCard({ isFavorite: true })] }));
      s.on('GET /me/recent-tools', () =>
        json(200, { items: [recentTool({ id: 't2', slug: 'e-post', title: 'E-postlista' })] }),
      );
    });

    const favorites = section(wrapper, 'Favoriter');
    expect(favorites.find('a').attributes('href')).toBe('/tools/gruppgenerator');
    expect(favorites.find('button').attributes('aria-label')).toBe('Ta bort Gruppgenerator från favoriter');
    expect(favorites.find('button').attributes('aria-pressed')).toBe('true');
    const recent = section(wrapper, 'Senast använda');
    expect(recent.find('a').text()).toBe('E-postlista');
    expect(recent.text()).toContain('Senast använt');
    expect(recent.find('time').attributes('datetime')).toBe('2026-03-02T09:15:00.000Z');
  });

  it('lists the latest runs with the tool, the status in words, the time and a file count, each opening its run', async () => {
    const { wrapper } = await renderHome(teacher, (s) =>
      s.on('GET /me/runs', () =>
        json(200, {
          items: [
            runItem({ inputsSummary: 'elev: Kalle Karlsson' }),
            runItem({ id: 'run-2', status: 'failed', inputFiles: [] }),
            runItem({ id: 'run-3', status: 'queued' }),
          ],
          nextCursor: null,
        }),
      ),
    );

    const runs = section(wrapper, 'Senaste körningar').findAll('li');
    expect(runs.map((li) => li.find('.badge').text())).toEqual(['Klar', 'Misslyckades', 'I kö']);
    expect(runs[0]!.find('a').attributes('href')).toBe('/runs/run-1');
    expect(runs[0]!.find('a').text()).toBe('Gruppgenerator');
    expect(runs[0]!.text()).toContain('1 fil');
    expect(runs[1]!.text()).not.toContain('fil');
    expect(runs[0]!.find('time').exists()).toBe(true);
    // What was typed or uploaded may name pupils: neither values nor file names are shown here.
    expect(runs[0]!.text()).not.toContain('Kalle');
    expect(runs[0]!.text()).not.toContain('klass-7a.xlsx');
  });

  it('shows an error with a retry in one section while the others work', async () => {
    let fails = true;
    const { wrapper } = await renderHome(teacher, (s) =>
      s.on('GET /me/favorites', () =>
        fails ? apiError(503, 'UNAVAILABLE', 'Down') : json(200, { items: [toolCard()] }),
      ),
    );

    const favorites = () => section(wrapper, 'Favoriter');
    expect(favorites().find('[role="alert"]').text()).toContain('Vi kunde inte hämta det här');
    expect(section(wrapper, 'Senast använda').find('[role="alert"]').exists()).toBe(false);

    fails = false;
    await buttonByName(favorites(), 'Försök igen').trigger('click');
    await flushPromises();
    expect(favorites().find('a').text()).toBe('Gruppgenerator');
  });

  it('shows contributors their work: counts and the tools with a draft or a version in review', async () => {
    const { wrapper } = await renderHome(contributor, (s) =>
      s.on('GET /admin/tools', () =>
        json(200, {
          items: [
            toolSummary({ id: 'a', title: 'Utkastverktyg', head: { id: 'v-a2', number: 2, state: 'draft' } }),
            toolSummary({
              id: 'b',
              title: 'Granskas',
              status: 'in_review',
              hasPendingReview: true,
              head: { id: 'v-b1', number: 1, state: 'in_review' },
              updatedAt: '2026-03-03T08:00:00.000Z',
            }),
            toolSummary({
              id: 'c',
              title: 'Klart',
              status: 'published',
              head: { id: 'v-c3', number: 3, state: 'active' },
            }),
          ],
          nextCursor: null,
        }),
      ),
    );

    const work = section(wrapper, 'Ditt arbete');
    expect(work.text()).toContain('Utkast: 1');
    expect(work.text()).toContain('Under granskning: 1');
    const items = work.findAll('li');
    expect(items.map((li) => li.find('a').text())).toEqual(['Granskas', 'Utkastverktyg']);
    expect(items[0]!.find('a').attributes('href')).toBe('/admin/tools/b');
    expect(items[1]!.text()).toContain('Version 2: utkast');
    expect(work.find('a[href="/admin/tools"]').text()).toBe('Alla dina verktyg');
    expect(work.text()).not.toContain('granskning.');
  });

  it('tells a contributor without tools how they get one', async () => {
    const { wrapper } = await renderHome(contributor);

    const work = section(wrapper, 'Ditt arbete');
    expect(work.find('h3').text()).toBe('Du förvaltar inga verktyg än');
    expect(work.text()).toContain('lägger till dig som förvaltare');
  });

  it('says when nothing waits, and shows admins the review queue with a link to it', async () => {
    const { wrapper } = await renderHome(admin, (s) => {
      s.on('GET /admin/tools', () =>
        json(200, { items: [toolSummary({ status: 'published' })], nextCursor: null }),
      );
      s.on('GET /admin/reviews', () => json(200, { items: [reviewItem(), reviewItem()], nextCursor: null }));
    });

    const work = section(wrapper, 'Ditt arbete');
    expect(work.text()).toContain('2 versioner väntar på granskning.');
    expect(work.find('a[href="/admin/reviews"]').text()).toBe('Till granskningen');
    expect(work.find('h3').text()).toBe('Inget väntar på dig');
    expect(work.find('a[href="/admin/tools"]').text()).toBe('Alla verktyg');
  });

  it('warns admins when tools cannot run on this server, with the cause and what to do', async () => {
    const message = 'sandbox: bwrap not installed (apt-get install bubblewrap util-linux)';
    const { wrapper } = await renderHome(admin, (s) =>
      s.on('GET /admin/system-status', () => json(200, { sandbox: { ok: false, message } })),
    );

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('Verktyg kan inte köras på den här servern');
    expect(alert.find('code').text()).toBe(message);
    expect(alert.text()).toContain('kör npm start som root');
  });

  it('shows admins no warning while the sandbox works', async () => {
    const { wrapper, server } = await renderHome(admin);

    expect(server.requests.some((r) => r.path === '/admin/system-status')).toBe(true);
    expect(wrapper.text()).not.toContain('Verktyg kan inte köras');
  });
});
