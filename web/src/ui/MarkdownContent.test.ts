import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { createAppI18n } from '../i18n';
import MarkdownContent from './MarkdownContent.vue';

function render(source: string) {
  return mount(MarkdownContent, { props: { source }, global: { plugins: [createAppI18n('sv')] } });
}

const attackSources = [
  '<script>window.hacked = true</script>',
  '<img src="x" onerror="window.hacked = true">',
  '<a href="javascript:alert(1)">klicka</a>',
  '[klicka](javascript:window.hacked=true)',
  '[klicka](JAVASCRIPT:window.hacked=true)',
  '[bild](data:text/html,<script>alert(1)</script>)',
  '**<svg onload="window.hacked = true">**',
  '<iframe src="https://evil.example"></iframe>',
  '[x](https://skola.se" onclick="window.hacked=true)',
  '```\n</code></pre><script>alert(1)</script>\n```',
];

describe('MarkdownContent', () => {
  it('renders headings under the page heading, lists, emphasis, code and links', () => {
    const wrapper = render(
      '# Steg\n\n1. Välj **fil**\n2. Tryck `Kör`\n\nSe [hjälpen](https://skola.se/hjalp).',
    );

    expect(wrapper.find('h3').text()).toBe('Steg');
    expect(wrapper.findAll('ol > li').map((li) => li.text())).toEqual(['Välj fil', 'Tryck Kör']);
    expect(wrapper.find('strong').text()).toBe('fil');
    expect(wrapper.find('code').text()).toBe('Kör');
    const link = wrapper.find('a');
    expect(link.attributes()).toMatchObject({
      href: 'https://skola.se/hjalp',
      target: '_blank',
      rel: 'noopener noreferrer nofollow',
    });
    expect(link.text()).toContain('(öppnas i en ny flik)');
  });

  it.each(attackSources)('never turns %j into markup, handlers or script links', (source) => {
    const wrapper = render(source);
    const root = wrapper.element as HTMLElement;

    expect(root.querySelectorAll('script, img, iframe, svg, object, embed, style')).toHaveLength(0);
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.getAttributeNames()) {
        expect(attribute, element.outerHTML).not.toMatch(/^on/i);
      }
    }
    for (const anchor of root.querySelectorAll('a')) {
      expect(anchor.getAttribute('href')).toMatch(/^(https?:|mailto:)/);
    }
    expect((window as { hacked?: boolean }).hacked).toBeUndefined();
  });

  it('shows raw HTML as the characters that were typed', () => {
    const wrapper = render('Skriv <b>fet</b> & <script>alert(1)</script>');

    expect(wrapper.find('p').text()).toBe('Skriv <b>fet</b> & <script>alert(1)</script>');
    expect(wrapper.find('b').exists()).toBe(false);
  });
});
