import { parseJsonExact } from '@skriptoteket/contracts/json-exact';
import { afterEach, describe, expect, it } from 'vitest';
import { mountResult } from '../../../test/run-result-fixtures';
import JsonResult from './JsonResult.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

/** As the API client reads it: integers beyond 2^53 exact. */
const value = parseJsonExact(
  '{"elever":[{"namn":"Åsa","id":123456789012345678901234567890},{"namn":"Bo","id":2}],' +
    '"klass":"9B","meta":{"djup":{"mer":{"botten":true}}},"tom":null}',
);

const toggles = (wrapper: ReturnType<typeof mountResult>) =>
  wrapper.findAll('button').map((b) => `${b.text()} ${b.attributes('aria-expanded')}`);

describe('JsonResult', () => {
  it('starts with the first two levels open, each branch a disclosure button saying what it holds', () => {
    const wrapper = mountResult(JsonResult, { output: { kind: 'json', title: 'Klasslista', value } });
    expect(wrapper.get('h3').text()).toBe('Klasslista');
    expect(wrapper.get('section').attributes('aria-label')).toBe('Klasslista');
    expect(toggles(wrapper)).toEqual([
      '{ 4 fält } true',
      'elever:[ 2 värden ] true',
      '0:{ 2 fält } false',
      '1:{ 2 fält } false',
      'meta:{ 1 fält } true',
      'djup:{ 1 fält } false',
    ]);
    expect(wrapper.text()).toContain('klass:"9B"');
    expect(wrapper.text()).toContain('tom:null');
  });

  it('opens and closes a branch with its button, and shows a big integer with every digit', async () => {
    const wrapper = mountResult(JsonResult, { output: { kind: 'json', value } });
    expect(wrapper.text()).not.toContain('123456789012345678901234567890');

    const first = wrapper.findAll('button').find((b) => b.text() === '0:{ 2 fält }')!;
    await first.trigger('click');
    expect(first.attributes('aria-expanded')).toBe('true');
    expect(wrapper.text()).toContain('id:123456789012345678901234567890');
    expect(wrapper.text()).toContain('namn:"Åsa"');

    await first.trigger('click');
    expect(first.attributes('aria-expanded')).toBe('false');
    expect(wrapper.text()).not.toContain('Åsa');
  });

  it('names an untitled tree "Data" and shows a lone value as it is', () => {
    const wrapper = mountResult(JsonResult, { output: { kind: 'json', value: 2n ** 64n } });
    expect(wrapper.find('h3').exists()).toBe(false);
    expect(wrapper.get('section').attributes('aria-label')).toBe('Data');
    expect(wrapper.get('.json-node__value').text()).toBe('18446744073709551616');
  });
});
