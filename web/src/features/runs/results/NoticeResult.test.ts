import { afterEach, describe, expect, it } from 'vitest';
import { mountResult } from '../../../test/run-result-fixtures';
import NoticeResult from './NoticeResult.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('NoticeResult', () => {
  it.each([
    ['info', 'message--info', null],
    ['warning', 'message--warning', null],
    ['error', 'message--error', 'alert'],
  ] as const)('shows a %s from the tool in its own style, the level said in words', (level, style, role) => {
    const wrapper = mountResult(NoticeResult, {
      output: { kind: 'notice', level, message: 'Klart.\nTvå rader.' },
    });
    const message = wrapper.find('.message');
    expect(message.classes()).toContain(style);
    expect(message.attributes('role')).toBe(role ?? undefined);
    expect(message.text()).toBe(
      `${{ info: 'Information', warning: 'Varning', error: 'Fel' }[level]}: Klart.\nTvå rader.`,
    );
    expect(wrapper.text()).not.toContain('Från Skriptoteket');
  });

  it("sets the platform's own notes apart: labelled as Skriptoteket's, neutral, without the prefix", () => {
    const output = {
      kind: 'notice',
      level: 'warning',
      message: 'System notice: table output 2 was cut: 250 of 1 000 rows dropped (limit 750).',
    };
    const wrapper = mountResult(NoticeResult, { output });
    expect(wrapper.find('.message').exists()).toBe(false);
    const note = wrapper.get('[role="note"]');
    expect(note.classes()).toContain('platform-note');
    expect(note.get('.platform-note__label').text()).toBe('Från Skriptoteket');
    expect(note.get('.platform-note__text').text()).toBe(
      'table output 2 was cut: 250 of 1 000 rows dropped (limit 750).',
    );
    expect(mountResult(NoticeResult, { output }, 'en').get('.platform-note__label').text()).toBe(
      'From Skriptoteket',
    );
  });

  it('treats a tool message that only mentions a system notice as the tool’s own', () => {
    const wrapper = mountResult(NoticeResult, {
      output: { kind: 'notice', level: 'info', message: 'Obs: System notice: är inte från plattformen.' },
    });
    expect(wrapper.find('.platform-note').exists()).toBe(false);
    expect(wrapper.find('.message--info').exists()).toBe(true);
  });
});
