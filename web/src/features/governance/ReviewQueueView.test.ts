import type { ReviewItem } from '@skriptoteket/contracts';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useReviewQueueStore } from '../../stores/review-queue';
import { apiError, createAuthServer, json } from '../../test/fake-server';
import { button, describedText, field } from '../../test/dom';
import { admin, contributor, person, reviewItem, versionSummary } from '../../test/governance-fixtures';
import { resetApp, setupApp } from '../../test/setup-app';
import { useToasts } from '../../ui/useToasts';
import ReviewQueueView from './ReviewQueueView.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

const withActive = reviewItem(
  { id: 'ver-2', number: 2, submitNote: 'Ny kolumn för gruppstorlek.' },
  { activeVersionId: 'ver-1' },
);
const firstVersion = reviewItem(
  { id: 'ver-9', toolId: 'tool-2', number: 1, createdBy: person(admin) },
  { id: 'tool-2', title: 'E-postlista', slug: 'e-postlista' },
);

const patch = ['--- v1/script.py', '+++ v2/script.py', '@@ -1 +1 @@', '-print(1)', '+print(2)', ''].join(
  '\n',
);

/**
 * The decision form whose submit button is `name`: found by its button, not by its place, since the review page
 * has other forms before it (the test run's, whose submit would send a real request).
 */
function decisionForm(wrapper: VueWrapper, name: 'Publicera' | 'Begär ändringar') {
  const form = wrapper
    .findAll('form')
    .find((f) => f.findAll('button[type="submit"]').some((b) => b.text() === name));
  if (!form) throw new Error(`No form submitted by ${name}`);
  return form;
}

async function renderQueue(path: string, items: ReviewItem[] = [withActive, firstVersion]) {
  const server = createAuthServer(admin);
  server.on('GET /admin/reviews', () => json(200, { items, nextCursor: null }));
  server.on('GET /admin/versions/ver-1/diff/ver-2', () =>
    json(200, {
      from: versionSummary({ id: 'ver-1' }),
      to: withActive.version,
      files: [
        { name: 'script.py', patch, isChanged: true },
        { name: 'entrypoint.txt', patch: '', isChanged: false },
      ],
    }),
  );
  server.on('GET /admin/versions/ver-9', () =>
    json(200, {
      ...firstVersion.version,
      sourceCode: 'def run_tool(inputs):\n    return {}\n',
      entrypoint: 'run_tool',
      inputSchema: [],
      settingsSchema: [],
      usageInstructions: '',
    }),
  );
  const app = setupApp({ server });
  await app.router.push(path);
  await app.router.isReady();
  const wrapper = mount(ReviewQueueView, { global: { plugins: [...app.plugins] }, attachTo: document.body });
  await flushPromises();
  return { ...app, wrapper };
}

describe('ReviewQueueView', () => {
  it('lists what waits, oldest first, with version, author, time and note', async () => {
    const { wrapper } = await renderQueue('/admin/reviews');

    expect(wrapper.find('h1').text()).toBe('Granskning');
    const items = wrapper.findAll('li');
    expect(items.map((li) => li.find('a').text())).toEqual([
      'Gruppgenerator, version 2',
      'E-postlista, version 1',
    ]);
    expect(items[0]!.text()).toContain(`Skickad av ${contributor.name}`);
    expect(items[0]!.find('time').attributes('datetime')).toBe(withActive.version.submittedAt);
    expect(items[0]!.text()).toContain('Ny kolumn för gruppstorlek.');
    expect(items[0]!.find('a').attributes('href')).toBe('/admin/reviews?version=ver-2');
    expect(useReviewQueueStore().count).toBe(2);
  });

  it('shows the diff against the active version', async () => {
    const { wrapper, server } = await renderQueue('/admin/reviews?version=ver-2');

    expect(server.requests.some((r) => r.path === '/admin/versions/ver-1/diff/ver-2')).toBe(true);
    expect(wrapper.find('h2').text()).toBe('Gruppgenerator, version 2');
    expect(wrapper.find('tr.diff-line--add').text()).toContain('print(2)');
    expect(wrapper.find('tr.diff-line--del').text()).toContain('print(1)');
  });

  it('shows the full source as new when the tool has no active version', async () => {
    const { wrapper } = await renderQueue('/admin/reviews?version=ver-9');

    expect(wrapper.text()).toContain('Verktyget har ingen aktiv version än');
    const added = wrapper.findAll('details')[0]!.findAll('tr.diff-line--add');
    expect(added.map((row) => row.find('.diff-line__code').element.textContent)).toEqual([
      'def run_tool(inputs):',
      '    return {}',
    ]);
  });

  it('will not request changes without a message', async () => {
    const { wrapper, server } = await renderQueue('/admin/reviews?version=ver-2');

    expect(button(wrapper, 'Begär ändringar').attributes('type')).toBe('submit');
    await decisionForm(wrapper, 'Begär ändringar').trigger('submit');
    await flushPromises();

    const message = field<HTMLTextAreaElement>(wrapper, `Meddelande till ${contributor.name}`);
    expect(describedText(message.element)).toContain('Skriv vad som behöver ändras.');
    expect(document.activeElement).toBe(message.element);
    expect(server.requests.some((r) => r.path.endsWith('/request-changes'))).toBe(false);
  });

  it('requests changes with the message, removes the item and confirms', async () => {
    const { wrapper, server, router } = await renderQueue('/admin/reviews?version=ver-2');
    server.on('POST /admin/versions/ver-2/request-changes', () => json(200, withActive.version));

    await field<HTMLTextAreaElement>(wrapper, `Meddelande till ${contributor.name}`).setValue(
      'Lägg till hjälptext.',
    );
    await decisionForm(wrapper, 'Begär ändringar').trigger('submit');
    await flushPromises();

    const post = server.requests.find((r) => r.path === '/admin/versions/ver-2/request-changes');
    expect(post?.body).toEqual({ message: 'Lägg till hjälptext.' });
    expect(router.currentRoute.value.query).toEqual({});
    expect(wrapper.findAll('li a').map((a) => a.text())).toEqual(['E-postlista, version 1']);
    expect(useToasts().toasts.map((t) => t.message)).toEqual([
      `Gruppgenerator, version 2, är skickad tillbaka till ${contributor.name}.`,
    ]);
    expect(useReviewQueueStore().count).toBe(1);
  });

  it('publishes with the optional change summary through the publish endpoint', async () => {
    const { wrapper, server } = await renderQueue('/admin/reviews?version=ver-2');
    server.on('POST /admin/versions/ver-2/publish', () =>
      json(200, { ...withActive.version, state: 'active' }),
    );

    await field<HTMLTextAreaElement>(wrapper, 'Sammanfattning av ändringen').setValue(
      'Gruppstorlek går att välja.',
    );
    expect(button(wrapper, 'Publicera').attributes('type')).toBe('submit');
    await decisionForm(wrapper, 'Publicera').trigger('submit');
    await flushPromises();

    const posts = server.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/admin/versions/'));
    expect(posts.map((r) => [r.path, r.body])).toEqual([
      ['/admin/versions/ver-2/publish', { changeSummary: 'Gruppstorlek går att välja.' }],
    ]);
    expect(useToasts().toasts.map((t) => t.message)).toEqual(['Gruppgenerator, version 2, är publicerad.']);
    expect(wrapper.findAll('li a').map((a) => a.text())).toEqual(['E-postlista, version 1']);
    // The tool was in the catalog already: nothing more to do.
    expect(wrapper.text()).not.toContain('finns inte i katalogen');
  });

  it("after a tool's first version is published, says the tool is not in the catalog yet and links to publishing it", async () => {
    const { wrapper, server } = await renderQueue('/admin/reviews?version=ver-9');
    server.on('POST /admin/versions/ver-9/publish', () =>
      json(200, { ...firstVersion.version, state: 'active' }),
    );

    const decision = wrapper.findAll('form').find((form) => form.text().includes('Sammanfattning'));
    await decision!.trigger('submit');
    await flushPromises();

    expect(useToasts().toasts.map((t) => t.message)).toEqual(['E-postlista, version 1, är publicerad.']);
    expect(wrapper.text()).toContain('E-postlista finns inte i katalogen än');
    expect(wrapper.text()).toContain('Versionen är aktiv, men verktyget är inte publicerat.');
    const link = wrapper.findAll('a').find((a) => a.text() === 'Publicera E-postlista i katalogen');
    expect(link?.attributes('href')).toBe('/admin/tools/tool-2?tab=publishing');
  });

  it('shows why a version does not compile, with a caret under the error, and will not publish it', async () => {
    const broken = reviewItem({
      id: 'ver-9',
      number: 1,
      compileError: {
        message: 'invalid syntax',
        line: 2,
        column: 29,
        text: '    hälsning = "hej på dig" $ 1',
      },
    });
    const { wrapper, server } = await renderQueue('/admin/reviews?version=ver-9', [broken]);

    const alert = wrapper.find('[role="alert"]');
    expect(alert.text()).toContain('Koden går inte att kompilera');
    expect(alert.text()).toContain('Rad 2, kolumn 29: invalid syntax');
    const code = alert.find('pre').element.textContent.split('\n');
    expect(code).toEqual(['    hälsning = "hej på dig" $ 1', `${' '.repeat(28)}^`]);
    expect(code[1]!.indexOf('^')).toBe(code[0]!.indexOf('$'));

    const publish = button(wrapper, 'Publicera');
    expect(publish.attributes('disabled')).toBeDefined();
    expect(describedText(publish.element)).toBe(
      'Versionen kan inte publiceras eftersom koden inte går att kompilera. Begär ändringar så att författaren kan rätta felet.',
    );
    await decisionForm(wrapper, 'Publicera').trigger('submit');
    await flushPromises();
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);
    expect(button(wrapper, 'Begär ändringar').attributes('disabled')).toBeUndefined();
  });

  it('explains a refused publish of a version nobody had compiled yet', async () => {
    const { wrapper, server } = await renderQueue('/admin/reviews?version=ver-2');
    server.on('POST /admin/versions/ver-2/publish', () =>
      apiError(409, 'CONFLICT', 'Koden går inte att kompilera (rad 4, kolumn 1): …', {
        reason: 'DOES_NOT_COMPILE',
        message: 'unexpected indent',
        line: 4,
        column: 1,
        text: '  x = 1',
      }),
    );

    await decisionForm(wrapper, 'Publicera').trigger('submit');
    await flushPromises();

    expect(wrapper.find('.decision [role="alert"]').text()).toBe(
      'Koden går inte att kompilera (rad 4, kolumn 1): unexpected indent. Rätta felet och spara en ny version.',
    );
    expect(wrapper.find('h2').text()).toBe('Gruppgenerator, version 2');
    expect(useToasts().toasts).toEqual([]);
  });

  it('says when there is nothing to review', async () => {
    const { wrapper } = await renderQueue('/admin/reviews', []);

    expect(wrapper.text()).toContain('Inget att granska');
  });
});
