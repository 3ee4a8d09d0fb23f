import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../i18n';
import DiffViewer from './DiffViewer.vue';
import { toDiffViewFiles } from './unified-diff';

const patch = ['--- v1/a.py', '+++ v2/a.py', '@@ -1,2 +1,2 @@', ' keep', '-old', '+new', ''].join('\n');

function render() {
  const files = toDiffViewFiles([
    { name: 'a.py', patch, isChanged: true },
    { name: 'entrypoint.txt', patch: '', isChanged: false },
  ]);
  return mount(DiffViewer, { props: { files }, global: { plugins: [createAppI18n('sv')] } });
}

describe('DiffViewer', () => {
  it('marks added and removed lines with a sign and a word, not colour alone', () => {
    const wrapper = render();
    const added = wrapper.find('tr.diff-line--add');
    const removed = wrapper.find('tr.diff-line--del');

    expect(added.find('.diff-line__marker').text()).toBe('+tillagd:');
    expect(added.find('.diff-line__code').text()).toBe('new');
    expect(removed.find('.diff-line__marker').text()).toBe('−borttagen:');
    expect(removed.find('.diff-line__code').text()).toBe('old');
  });

  it('shows old and new line numbers', () => {
    const numbers = render()
      .findAll('tbody tr')
      .map((row) => row.findAll('.diff-line__number').map((cell) => cell.text()));

    expect(numbers).toEqual([[], ['1', '1'], ['2', ''], ['', '2']]);
  });

  it('opens changed files, folds unchanged ones and says "Inga ändringar"', () => {
    const wrapper = render();
    const [changed, unchanged] = wrapper.findAll('details');

    expect(changed!.attributes('open')).toBeDefined();
    expect(changed!.find('summary').text()).toContain('a.py');
    expect(changed!.find('summary').text()).toContain('Tillagda rader: 1. Borttagna rader: 1.');
    expect(unchanged!.attributes('open')).toBeUndefined();
    expect(unchanged!.find('summary').text()).toContain('Inga ändringar');
    expect(unchanged!.find('table').exists()).toBe(false);
  });

  it('puts the code in its own labelled, focusable scroll region', () => {
    const region = render().find('.diff-file__scroll');

    expect(region.attributes()).toMatchObject({
      role: 'region',
      tabindex: '0',
      'aria-label': 'Ändringar i a.py',
    });
  });
});
