import { mount, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { refuseFile } from '../features/runs/form-model';
import { createAppI18n } from '../i18n';
import { buttonByName } from '../test/dom';
import FileDropZone from './FileDropZone.vue';

const limits = { maxFiles: 3, maxFileBytes: 1000, maxTotalBytes: 1500 };
const schema = [
  { name: 'lista', label: 'Klasslista', kind: 'file', min: 1, max: 2, accept: ['.csv', '.txt'] },
];
const file = (name: string, bytes = 10) => new File(['x'.repeat(bytes)], name, { type: 'text/csv' });

function render(props: Record<string, unknown> = {}) {
  const files: File[] = [];
  const wrapper = mount(FileDropZone, {
    props: {
      label: 'Klasslista',
      help: 'En elev per rad.',
      accept: ['.csv', '.txt'],
      multiple: true,
      modelValue: files,
      'onUpdate:modelValue': (value: File[]) => wrapper.setProps({ modelValue: value }),
      refuse: (f: File, kept: readonly File[]) =>
        refuseFile(
          schema,
          limits,
          { name: f.name, bytes: f.size, mimeType: f.type },
          kept.map((k) => ({ name: k.name, bytes: k.size })),
          'sv',
        ),
      ...props,
    },
    global: { plugins: [createAppI18n('sv')] },
    attachTo: document.body,
  });
  return wrapper;
}

async function pick(wrapper: VueWrapper, ...files: File[]) {
  const input = wrapper.find<HTMLInputElement>('input[type="file"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
}

async function drop(wrapper: VueWrapper, ...files: File[]) {
  const event = new Event('drop', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'dataTransfer', { value: { files, dropEffect: 'none' } });
  wrapper.find('.dropzone__area').element.dispatchEvent(event);
  await wrapper.vm.$nextTick();
}

const names = (wrapper: VueWrapper) => wrapper.findAll('.dropzone__name').map((n) => n.text());

describe('FileDropZone', () => {
  it('lists picked and dropped files with name, size and a named remove button', async () => {
    const wrapper = render();
    await pick(wrapper, file('a.csv', 999));
    await drop(wrapper, file('b.txt', 20));

    expect(names(wrapper)).toEqual(['a.csv', 'b.txt']);
    expect(wrapper.findAll('.dropzone__size').map((s) => s.text())).toEqual(['999 B', '20 B']);
    expect(buttonByName(wrapper, 'Ta bort a.csv').exists()).toBe(true);
    expect(wrapper.find('input[type="file"]').attributes('accept')).toBe('.csv,.txt');
  });

  it('refuses wrong types, duplicate names, oversized files and one too many, and says why', async () => {
    const wrapper = render();
    await pick(wrapper, file('a.csv'), file('elever.xlsx'), file('a.csv'), file('stor.csv', 1001));
    const refused = () => wrapper.find('.dropzone__refused').text();

    expect(names(wrapper)).toEqual(['a.csv']);
    expect(refused()).toContain(
      'Filen "elever.xlsx" är inte en CSV-fil eller textfil. Välj en fil av typen .csv eller .txt.',
    );
    expect(refused()).toContain('Två filer heter "a.csv". Byt namn på den ena och försök igen.');
    expect(refused()).toContain('Filen "stor.csv" är för stor. Högst 1 kB per fil.');
    expect(wrapper.attributes('aria-describedby')).toContain(
      wrapper.find('.dropzone__refused').attributes('id'),
    );

    await pick(wrapper, file('b.csv'), file('c.csv'));
    expect(names(wrapper)).toEqual(['a.csv', 'b.csv']);
    expect(refused()).toBe('Välj högst 2 filer för "Klasslista".');
  });

  it('is keyboard-usable: the picker is a button, and removing moves focus to the next file or the picker', async () => {
    const wrapper = render();
    const input = wrapper.find<HTMLInputElement>('input[type="file"]');
    const click = vi.spyOn(input.element, 'click');
    await buttonByName(wrapper, 'Välj filer').trigger('click');
    expect(click).toHaveBeenCalledOnce();
    expect(input.attributes('hidden')).toBeDefined();

    await pick(wrapper, file('a.csv'), file('b.csv'));
    await buttonByName(wrapper, 'Ta bort a.csv').trigger('click');
    await wrapper.vm.$nextTick();
    expect(names(wrapper)).toEqual(['b.csv']);
    expect(document.activeElement).toBe(buttonByName(wrapper, 'Ta bort b.csv').element);

    await buttonByName(wrapper, 'Ta bort b.csv').trigger('click');
    await wrapper.vm.$nextTick();
    expect(names(wrapper)).toEqual([]);
    expect(document.activeElement).toBe(buttonByName(wrapper, 'Välj filer').element);
    wrapper.unmount();
  });

  it('shows the field’s own error and help, tied to the group', () => {
    const wrapper = render({
      error: 'Välj en fil för "Klasslista".',
      requiredLabel: 'obligatoriskt',
      multiple: false,
    });

    expect(wrapper.attributes('role')).toBe('group');
    expect(wrapper.find('.field__label').text()).toBe('Klasslista obligatoriskt');
    const described = (wrapper.attributes('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent);
    expect(described).toEqual(['Välj en fil för "Klasslista".', 'En elev per rad.']);
    expect(buttonByName(wrapper, 'Välj fil').exists()).toBe(true);
    expect(wrapper.find('input[type="file"]').attributes('multiple')).toBeUndefined();
    wrapper.unmount();
  });
});
