import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, nextTick, ref } from 'vue';
import { createAppI18n } from '../i18n';
import AppDialog from './AppDialog.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

/** A page with an opener button and a dialog with two fields and a button. */
const Host = defineComponent({
  components: { AppDialog },
  props: { busy: { type: Boolean, default: false } },
  setup() {
    const open = ref(false);
    const closes = ref(0);
    return { open, closes };
  },
  template: `
    <button id="opener" @click="open = true">Öppna</button>
    <AppDialog :open="open" title="Nytt verktyg" :busy="busy" @close="closes++; open = false">
      <input id="first" aria-label="Titel" />
      <textarea id="second" aria-label="Sammanfattning"></textarea>
      <template #footer><button id="last">Spara</button></template>
    </AppDialog>`,
});

async function openDialog(props: { busy?: boolean } = {}) {
  const wrapper = mount(Host, { props, attachTo: document.body, global: { plugins: [createAppI18n('sv')] } });
  const opener = wrapper.find<HTMLButtonElement>('#opener');
  opener.element.focus();
  await opener.trigger('click');
  await nextTick();
  await nextTick();
  return wrapper;
}

describe('AppDialog', () => {
  it('is a labelled modal dialog that moves focus to its first field', async () => {
    const wrapper = await openDialog();
    const dialog = wrapper.find('[role="dialog"]');

    expect(dialog.attributes('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.attributes('aria-labelledby')!)?.textContent).toBe('Nytt verktyg');
    expect(document.activeElement?.id).toBe('first');
  });

  it('keeps Tab inside: forward from the last control and back from the first', async () => {
    const wrapper = await openDialog();
    const dialog = wrapper.find('[role="dialog"]');

    wrapper.find<HTMLButtonElement>('#last').element.focus();
    await dialog.trigger('keydown', { key: 'Tab' });
    expect(document.activeElement?.getAttribute('data-dialog-close')).not.toBeNull();

    await dialog.trigger('keydown', { key: 'Tab', shiftKey: true });
    expect(document.activeElement?.id).toBe('last');
  });

  it('closes on Esc and gives focus back to the button that opened it', async () => {
    const wrapper = await openDialog();

    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    await nextTick();
    await nextTick();

    expect(wrapper.find('[role="dialog"]').exists()).toBe(false);
    expect(document.activeElement?.id).toBe('opener');
    expect(document.body.classList.contains('has-dialog')).toBe(false);
  });

  it('ignores Esc and the close button while busy', async () => {
    const wrapper = await openDialog({ busy: true });

    await wrapper.find('[role="dialog"]').trigger('keydown', { key: 'Escape' });
    await wrapper.find('[data-dialog-close]').trigger('click');

    expect(wrapper.vm.closes).toBe(0);
    expect(wrapper.find('[role="dialog"]').exists()).toBe(true);
  });
});
