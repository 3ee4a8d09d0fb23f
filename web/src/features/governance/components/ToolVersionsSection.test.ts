import type { AdminTool, User, VersionSummary } from '@skriptoteket/contracts';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthServer, json } from '../../../test/fake-server';
import { button, describedText, field, hasButton } from '../../../test/dom';
import { admin, adminTool, contributor, person, versionSummary } from '../../../test/governance-fixtures';
import { resetApp, setupApp } from '../../../test/setup-app';
import { useToasts } from '../../../ui/useToasts';
import ToolVersionsSection from './ToolVersionsSection.vue';

afterEach(() => {
  useToasts().clear();
  resetApp();
});

const published = '2026-03-01T08:00:00.000Z';
const versions: VersionSummary[] = [
  versionSummary({ id: 'v3', number: 3, state: 'draft', derivedFromVersionId: 'v2' }),
  versionSummary({
    id: 'v2',
    number: 2,
    state: 'in_review',
    submitNote: 'Ny kolumn.',
    submittedAt: published,
  }),
  versionSummary({
    id: 'v1',
    number: 1,
    state: 'active',
    publishedAt: published,
    publishedBy: person(admin),
  }),
];

async function renderVersions(user: User, tool: AdminTool = adminTool(), items = versions) {
  const server = createAuthServer(user);
  server.on('GET /admin/tools/tool-1/versions', () => json(200, { items, nextCursor: null }));
  server.on('GET /admin/reviews', () => json(200, { items: [], nextCursor: null }));
  const app = setupApp({ server });
  await app.router.push('/admin/tools/tool-1?tab=versions');
  const wrapper = mount(ToolVersionsSection, {
    props: { tool },
    global: { plugins: [...app.plugins] },
    attachTo: document.body,
  });
  await flushPromises();
  return { ...app, wrapper };
}

describe('ToolVersionsSection', () => {
  it('shows the history newest first with state words, author and notes', async () => {
    const { wrapper } = await renderVersions(contributor);

    const rows = wrapper.findAll('tbody tr');
    expect(
      rows.map((row) =>
        row
          .find('th')
          .findAll('span')
          .map((part) => part.text()),
      ),
    ).toEqual([
      ['Version 3', 'Utkast', 'Bygger på version 2'],
      ['Version 2', 'Under granskning'],
      ['Version 1', 'Aktiv'],
    ]);
    expect(rows[1]!.text()).toContain('Anteckning: Ny kolumn.');
    expect(rows[2]!.text()).toContain(`av ${admin.name}`);
  });

  it('lets the author submit their own draft with a note', async () => {
    const { wrapper, server } = await renderVersions(contributor);
    server.on('POST /admin/versions/v3/submit', () => json(200, { ...versions[0], state: 'in_review' }));

    expect(hasButton(wrapper, 'Publicera Version 2')).toBe(false);
    await button(wrapper, 'Skicka för granskning Version 3').trigger('click');
    await flushPromises();
    await field<HTMLTextAreaElement>(wrapper, 'Anteckning till granskaren').setValue('Rättade stavningen.');
    await wrapper.find('[role="dialog"] form').trigger('submit');
    await flushPromises();

    const post = server.requests.find((r) => r.method === 'POST');
    expect([post?.path, post?.body]).toEqual(['/admin/versions/v3/submit', { note: 'Rättade stavningen.' }]);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(useToasts().toasts.map((t) => t.message)).toEqual(['Version 3 är skickad för granskning.']);
  });

  it('marks a version that does not compile and does not offer to submit or publish it', async () => {
    const compileError = { message: "'(' was never closed", line: 4, column: 12, text: '    return (1,' };
    const broken = [
      versionSummary({ id: 'v5', number: 5, state: 'draft', compileError }),
      versionSummary({ id: 'v4', number: 4, state: 'in_review', compileError }),
    ];
    const { wrapper } = await renderVersions(contributor, adminTool(), broken);

    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]!.find('th').text()).toContain('Kompilerar inte');
    expect(rows[0]!.find('th').text()).toContain("Rad 4, kolumn 12: '(' was never closed");
    const submit = button(wrapper, 'Skicka för granskning Version 5');
    expect(submit.attributes('disabled')).toBeDefined();
    expect(describedText(submit.element)).toBe(
      'Koden går inte att kompilera. Rätta felet och spara en ny version innan du skickar den för granskning.',
    );
    await submit.trigger('click');
    await flushPromises();
    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
  });

  it('lets an admin send back, but not publish, a version in review that does not compile', async () => {
    const compileError = { message: 'invalid syntax', line: 2, column: 7, text: 'x = = 2' };
    const broken = [versionSummary({ id: 'v4', number: 4, state: 'in_review', compileError })];
    const { wrapper } = await renderVersions(admin, adminTool(), broken);

    const publish = button(wrapper, 'Publicera Version 4');
    expect(publish.attributes('disabled')).toBeDefined();
    expect(describedText(publish.element)).toContain('kan inte publiceras');
    expect(button(wrapper, 'Begär ändringar Version 4').attributes('disabled')).toBeUndefined();
    expect(wrapper.findAll('tbody th .badge').map((badge) => badge.text())).toEqual([
      'Under granskning',
      'Kompilerar inte',
    ]);
  });

  it('asks an admin for a message before sending a version back', async () => {
    const { wrapper, server } = await renderVersions(admin);
    server.on('POST /admin/versions/v2/request-changes', () =>
      json(200, { ...versions[1], state: 'archived' }),
    );

    await button(wrapper, 'Begär ändringar Version 2').trigger('click');
    await flushPromises();
    const form = wrapper.find('[role="dialog"] form');
    await form.trigger('submit');
    await flushPromises();

    const message = field<HTMLTextAreaElement>(wrapper, 'Vad behöver ändras?');
    expect(describedText(message.element)).toContain('Skriv vad som behöver ändras.');
    expect(server.requests.some((r) => r.method === 'POST')).toBe(false);

    await message.setValue('Lägg till en hjälptext.');
    await form.trigger('submit');
    await flushPromises();
    expect(server.requests.find((r) => r.method === 'POST')?.body).toEqual({
      message: 'Lägg till en hjälptext.',
    });
  });

  it('compares the two chosen versions, older to newer', async () => {
    const { wrapper, server } = await renderVersions(admin);
    server.on('GET /admin/versions/v1/diff/v3', () =>
      json(200, {
        from: versions[2],
        to: versions[0],
        files: [{ name: 'script.py', patch: '', isChanged: false }],
      }),
    );

    await wrapper.find('input[aria-label="Välj version 3 för jämförelse"]').setValue(true);
    await wrapper.find('input[aria-label="Välj version 1 för jämförelse"]').setValue(true);
    expect(
      wrapper.find('input[aria-label="Välj version 2 för jämförelse"]').attributes('disabled'),
    ).toBeDefined();
    await button(wrapper, 'Jämför valda versioner').trigger('click');
    await flushPromises();

    expect(wrapper.find('h3').text()).toBe('Skillnader från version 1 till version 3');
    expect(wrapper.find('details summary').text()).toContain('Inga ändringar');
  });
});
