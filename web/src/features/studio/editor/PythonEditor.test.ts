import fs from 'node:fs';
import { createRequire } from 'node:module';
import { closeSearchPanel, openSearchPanel } from '@codemirror/search';
import { EditorView } from '@codemirror/view';
import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { resetApp, setupApp } from '../../../test/setup-app';
import { SWEDISH_PHRASES } from './editor-phrases';
import PythonEditor from './PythonEditor.vue';

afterEach(resetApp);

async function render() {
  const app = setupApp({ locale: 'sv' });
  const wrapper = mount(PythonEditor, {
    props: { modelValue: 'def run_tool(input_dir, output_dir):\n    return ""\n', label: 'Kod' },
    global: { plugins: [...app.plugins] },
    attachTo: document.body,
  });
  await flushPromises();
  const view = EditorView.findFromDOM(wrapper.find('.cm-editor').element as HTMLElement)!;
  return { app, view };
}

const findField = () => document.querySelector<HTMLInputElement>('.cm-search input[name="search"]');

describe('the Python editor', () => {
  it('speaks Swedish in its own panels, and English once the interface is switched', async () => {
    const { app, view } = await render();
    openSearchPanel(view);
    expect(findField()?.getAttribute('aria-label')).toBe('Sök');
    expect(document.querySelector('.cm-search button[name="close"]')?.getAttribute('aria-label')).toBe(
      'stäng',
    );
    closeSearchPanel(view);

    app.i18n.global.locale.value = 'en';
    await flushPromises();
    openSearchPanel(view);
    expect(findField()?.getAttribute('aria-label')).toBe('Find');
  });

  it('has a Swedish word for every phrase the installed CodeMirror packages ask for', () => {
    const require = createRequire(import.meta.url);
    const packages = ['autocomplete', 'commands', 'language', 'lint', 'search', 'view'];
    const asked = new Set<string>();
    for (const name of packages) {
      const source = fs.readFileSync(require.resolve(`@codemirror/${name}`), 'utf8');
      for (const match of source.matchAll(/phrase\((?:[\w.]+,\s*)?"([^"]+)"/g)) asked.add(match[1]!);
      for (const match of source.matchAll(/phrase\([\w.]+ \? "([^"]+)" : "([^"]+)"\)/g))
        asked.add(match[1]!).add(match[2]!);
    }
    expect(asked.size).toBeGreaterThan(20);
    expect([...asked].filter((phrase) => !(phrase in SWEDISH_PHRASES))).toEqual([]);
  });
});
