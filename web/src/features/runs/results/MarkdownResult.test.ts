import { afterEach, describe, expect, it } from 'vitest';
import { mountResult } from '../../../test/run-result-fixtures';
import MarkdownResult from './MarkdownResult.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('MarkdownResult', () => {
  it('renders headings under the page heading, emphasis and safe links', () => {
    const wrapper = mountResult(MarkdownResult, {
      output: {
        kind: 'markdown',
        markdown: '# Grupper\n\n**Grupp 1**: Åsa, Bo\n\n[Skolverket](https://www.skolverket.se)',
      },
    });
    expect(wrapper.get('h3').text()).toBe('Grupper');
    expect(wrapper.get('strong').text()).toBe('Grupp 1');
    expect(wrapper.get('a').attributes('href')).toBe('https://www.skolverket.se/');
  });

  it('never turns the source into HTML: script, event handlers and javascript: links stay text', () => {
    const wrapper = mountResult(MarkdownResult, {
      output: {
        kind: 'markdown',
        markdown:
          '<script>window.pwned = true</script>\n\n<img src=x onerror="window.pwned = true">\n\n[klicka](javascript:alert(1))',
      },
    });
    const root = wrapper.element as HTMLElement;
    expect(root.querySelector('script, img, [onerror]')).toBeNull();
    expect(root.querySelector('a')).toBeNull();
    expect(wrapper.text()).toContain('<script>window.pwned = true</script>');
    expect(wrapper.text()).toContain('<img src=x onerror="window.pwned = true">');
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
  });
});
