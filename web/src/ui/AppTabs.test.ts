import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, nextTick, ref } from 'vue';
import AppTabs from './AppTabs.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

const Host = defineComponent({
  components: { AppTabs },
  setup: () => ({
    tab: ref('a'),
    tabs: [
      { id: 'a', label: 'Uppgifter' },
      { id: 'b', label: 'Versioner' },
      { id: 'c', label: 'Händelser' },
    ],
  }),
  template: `<AppTabs v-model="tab" :tabs="tabs" label="Verktygets delar">
    <template #a><p>Panel A</p></template>
    <template #b><p>Panel B</p></template>
    <template #c><p>Panel C</p></template>
  </AppTabs>`,
});

describe('AppTabs', () => {
  it('marks the selected tab and shows its panel, labelled by the tab', async () => {
    const wrapper = mount(Host, { attachTo: document.body });
    const tabs = wrapper.findAll('[role="tab"]');

    expect(wrapper.find('[role="tablist"]').attributes('aria-label')).toBe('Verktygets delar');
    expect(tabs.map((t) => [t.text(), t.attributes('aria-selected'), t.attributes('tabindex')])).toEqual([
      ['Uppgifter', 'true', '0'],
      ['Versioner', 'false', '-1'],
      ['Händelser', 'false', '-1'],
    ]);
    const panel = wrapper.find('[role="tabpanel"]');
    expect(panel.text()).toBe('Panel A');
    expect(panel.attributes('aria-labelledby')).toBe(tabs[0]!.attributes('id'));

    await tabs[2]!.trigger('click');
    expect(wrapper.find('[role="tabpanel"]').text()).toBe('Panel C');
  });

  it('moves with the arrow keys, Home and End, wrapping around and taking focus along', async () => {
    const wrapper = mount(Host, { attachTo: document.body });
    const list = wrapper.find('[role="tablist"]');
    const selected = () => wrapper.find('[aria-selected="true"]').text();

    await list.trigger('keydown', { key: 'ArrowLeft' });
    await nextTick();
    expect(selected()).toBe('Händelser');
    expect(document.activeElement?.textContent?.trim()).toBe('Händelser');

    await list.trigger('keydown', { key: 'ArrowRight' });
    expect(selected()).toBe('Uppgifter');
    await list.trigger('keydown', { key: 'End' });
    expect(selected()).toBe('Händelser');
    await list.trigger('keydown', { key: 'Home' });
    expect(selected()).toBe('Uppgifter');
  });
});
