import type { RunListItem } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { recentTool, runItem } from '../../test/catalog-fixtures';
import { buttonByName, field } from '../../test/dom';
import { apiError, createAuthServer, json, teacher } from '../../test/fake-server';
import { resetApp, setupApp } from '../../test/setup-app';
import RunHistoryView from './RunHistoryView.vue';

afterEach(() => resetApp());

const runs = (n: number, from = 0, overrides: Partial<RunListItem> = {}) =>
  Array.from({ length: n }, (_, i) => runItem({ id: `run-${from + i}`, ...overrides }));

async function render(
  path = '/runs',
  setup: (server: ReturnType<typeof createAuthServer>) => void = () => undefined,
) {
  const server = createAuthServer(teacher);
  server.on('GET /me/recent-tools', () =>
    json(200, { items: [recentTool(), recentTool({ slug: 'narvaro', title: 'Närvarorapport' })] }),
  );
  setup(server);
  const app = setupApp({ server });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(RunHistoryView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

const rows = (wrapper: Awaited<ReturnType<typeof render>>['wrapper']) => wrapper.findAll('tbody tr');

describe('RunHistoryView', () => {
  it('lists my runs newest first with tool, time, status, the reason of a failure and file names', async () => {
    const { wrapper } = await render('/runs', (s) =>
      s.on('GET /me/runs', () =>
        json(200, {
          items: [
            runItem({
              inputFiles: [
                { name: 'a.csv', bytes: 1 },
                { name: 'b.csv', bytes: 2 },
              ],
            }),
            runItem({
              id: 'run-2',
              status: 'failed',
              errorSummary: 'Klasslistan saknar kolumnen Namn.',
              inputFiles: [],
            }),
          ],
          nextCursor: null,
        }),
      ),
    );

    expect(wrapper.find('h1').text()).toBe('Mina körningar');
    expect(document.title).toBe('Mina körningar – Skriptoteket');
    const [first, second] = rows(wrapper);
    expect(first!.find('a[href="/tools/gruppgenerator"]').text()).toBe('Gruppgenerator');
    expect(first!.find('a[href="/runs/run-1"]').attributes('aria-label')).toMatch(/^Öppna körningen från /);
    expect(first!.find('time').attributes('datetime')).toBe('2026-03-02T09:15:00.000Z');
    expect(first!.find('.badge').text()).toBe('Klar');
    expect(first!.text()).toContain('a.csv och b.csv');
    expect(second!.find('.badge').text()).toBe('Misslyckades');
    expect(second!.text()).toContain('Klasslistan saknar kolumnen Namn.');
    expect(second!.text()).toContain('Inga filer');
  });

  it('pages with "Visa fler" and the cursor, without repeating a run', async () => {
    const { wrapper, server } = await render('/runs', (s) =>
      s.on('GET /me/runs', (req) =>
        req.query.get('cursor') === 'c1'
          ? json(200, { items: runs(3, 19), nextCursor: null })
          : json(200, { items: runs(20), nextCursor: 'c1' }),
      ),
    );
    expect(rows(wrapper)).toHaveLength(20);

    await buttonByName(wrapper, 'Visa fler').trigger('click');
    await flushPromises();

    expect(rows(wrapper)).toHaveLength(22);
    expect(
      server.requests.filter((r) => r.path.startsWith('/me/runs')).map((r) => r.query.get('cursor')),
    ).toEqual([null, 'c1']);
    expect(wrapper.findAll('button').some((b) => b.text() === 'Visa fler')).toBe(false);
  });

  it('filters by tool through the address, and says so when that tool has no runs', async () => {
    const { wrapper, server, router } = await render('/runs', (s) =>
      s.on('GET /me/runs', (req) =>
        req.query.get('tool') === 'narvaro'
          ? json(200, { items: [], nextCursor: null })
          : json(200, { items: runs(2), nextCursor: null }),
      ),
    );
    const select = field<HTMLSelectElement>(wrapper, 'Verktyg');
    expect(select.findAll('option').map((o) => o.text())).toEqual([
      'Alla verktyg',
      'Gruppgenerator',
      'Närvarorapport',
    ]);

    await select.setValue('narvaro');
    await flushPromises();

    expect(router.currentRoute.value.query).toEqual({ tool: 'narvaro' });
    expect(server.requests.at(-1)?.query.get('tool')).toBe('narvaro');
    expect(wrapper.find('h2').text()).toBe('Inga körningar av det här verktyget');
    await buttonByName(wrapper, 'Visa alla körningar').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query).toEqual({});
    expect(rows(wrapper)).toHaveLength(2);
  });

  it('starts filtered when the address names a tool', async () => {
    const { server, wrapper } = await render('/runs?tool=gruppgenerator', (s) =>
      s.on('GET /me/runs', () => json(200, { items: runs(1), nextCursor: null })),
    );
    expect(server.requests.find((r) => r.path.startsWith('/me/runs'))?.query.get('tool')).toBe(
      'gruppgenerator',
    );
    expect((field<HTMLSelectElement>(wrapper, 'Verktyg').element as HTMLSelectElement).value).toBe(
      'gruppgenerator',
    );
  });

  it('explains an empty history and a failed load with a retry', async () => {
    let fails = true;
    const { wrapper } = await render('/runs', (s) =>
      s.on('GET /me/runs', () =>
        fails ? apiError(503, 'UNAVAILABLE', 'Down') : json(200, { items: [], nextCursor: null }),
      ),
    );
    expect(wrapper.find('[role="alert"]').text()).toContain('Vi kunde inte hämta dina körningar');

    fails = false;
    await buttonByName(wrapper, 'Försök igen').trigger('click');
    await flushPromises();
    expect(wrapper.find('h2').text()).toBe('Du har inte kört några verktyg än');
    expect(wrapper.find('a[href="/browse"]').text()).toBe('Hitta verktyg');
  });
});
