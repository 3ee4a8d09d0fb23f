import { afterEach, describe, expect, it } from 'vitest';
import { mountResult, runView } from '../../../test/run-result-fixtures';
import RunResult from './RunResult.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('HtmlResult', () => {
  const run = runView({}, [
    { kind: 'markdown', markdown: 'Före' },
    { kind: 'html_sandboxed', html: '<p style="color:red">Hej</p><script>alert(1)</script>' },
  ]);

  it('frames the output from its own URL in a sandbox that allows nothing, never as inline HTML', () => {
    const wrapper = mountResult(RunResult, { run });
    const frame = wrapper.get('iframe');
    expect(frame.attributes('src')).toBe(`/api/v1/runs/${run.id}/outputs/1/html`);
    expect(frame.attributes('sandbox')).toBe('');
    expect(frame.attributes()).not.toHaveProperty('srcdoc');
    expect(frame.attributes('title')).toBe('Resultat från verktyget (2)');
    expect(frame.attributes('referrerpolicy')).toBe('no-referrer');
    expect(wrapper.html()).not.toContain('alert(1)');
  });

  it('offers the same page in a new tab, said in words to screen readers', () => {
    const link = mountResult(RunResult, { run }).get('a');
    expect(link.attributes('href')).toBe(`/api/v1/runs/${run.id}/outputs/1/html`);
    expect(link.attributes('target')).toBe('_blank');
    expect(link.attributes('rel')).toBe('noopener noreferrer');
    expect(link.text()).toBe('Öppna i ny flik (öppnas i ny flik)');
  });
});
