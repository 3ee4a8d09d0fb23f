import type { TableOutput } from '@skriptoteket/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { button } from '../../../test/dom';
import { mountResult } from '../../../test/run-result-fixtures';
import { useToasts } from '../../../ui/useToasts';
import TableResult from './TableResult.vue';

const output: TableOutput = {
  kind: 'table',
  title: 'Närvaro åk 9',
  columns: [
    { key: 'name', label: 'Namn' },
    { key: 'lessons', label: 'Lektioner' },
    { key: 'note', label: 'Kommentar' },
  ],
  rows: [
    { name: 'Östen', lessons: 10, note: 'Sa "hej", gick' },
    { name: 'Åsa', lessons: 9, note: 'rad 1\nrad 2' },
    { name: 'Zelda', lessons: 100 },
    { name: 'Bo', lessons: 123456789012345678901234567890n, note: '😀' },
  ],
};

const column = (wrapper: ReturnType<typeof mountResult>, index: number) =>
  wrapper.findAll('tbody tr').map((tr) => tr.findAll('td')[index]!.text());
/** The sort button in the header of the column labelled `label` (its arrow is hidden from screen readers). */
const sortButton = (wrapper: ReturnType<typeof mountResult>, label: string) =>
  wrapper.findAll('th button').find((b) => b.find('span').text() === label)!;
const headers = (wrapper: ReturnType<typeof mountResult>) =>
  wrapper.findAll('th').map((th) => th.attributes('aria-sort') ?? 'none');

let writeText: ReturnType<typeof vi.fn>;
beforeEach(() => {
  writeText = vi.fn(() => Promise.resolve());
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
});
afterEach(() => {
  useToasts().clear();
  document.body.innerHTML = '';
});

describe('TableResult', () => {
  it('shows the title, the row count, every cell in the tool’s order and big integers exactly', () => {
    const wrapper = mountResult(TableResult, { output });
    expect(wrapper.get('h3').text()).toBe('Närvaro åk 9');
    expect(wrapper.text()).toContain('4 rader');
    expect(wrapper.findAll('th button > span:first-child').map((span) => span.text())).toEqual([
      'Namn',
      'Lektioner',
      'Kommentar',
    ]);
    expect(column(wrapper, 0)).toEqual(['Östen', 'Åsa', 'Zelda', 'Bo']);
    expect(column(wrapper, 1)[3]).toBe('123456789012345678901234567890');
    // A column of numbers lines its digits up on the right, header included.
    expect(wrapper.findAll('th').map((th) => th.classes('is-number'))).toEqual([false, true, false]);
    expect(
      wrapper
        .findAll('tbody tr')[0]!
        .findAll('td')
        .map((td) => td.classes('is-number')),
    ).toEqual([false, true, false]);
    expect(wrapper.get('[role="region"]').attributes('aria-label')).toBe('Närvaro åk 9');
  });

  it('sorts by a header button: ascending, then descending, numbers by value', async () => {
    const wrapper = mountResult(TableResult, { output });
    expect(headers(wrapper)).toEqual(['none', 'none', 'none']);
    const sortLessons = sortButton(wrapper, 'Lektioner');
    expect(sortLessons.attributes('type')).toBe('button');

    await sortLessons.trigger('click');
    expect(headers(wrapper)).toEqual(['none', 'ascending', 'none']);
    expect(column(wrapper, 1)).toEqual(['9', '10', '100', '123456789012345678901234567890']);

    await sortLessons.trigger('click');
    expect(headers(wrapper)).toEqual(['none', 'descending', 'none']);
    expect(column(wrapper, 1)).toEqual(['123456789012345678901234567890', '100', '10', '9']);
  });

  it('sorts text in Swedish order (Å, Ä, Ö after Z) and starts a new column ascending', async () => {
    const wrapper = mountResult(TableResult, { output });
    await sortButton(wrapper, 'Lektioner').trigger('click');
    await sortButton(wrapper, 'Namn').trigger('click');
    expect(headers(wrapper)).toEqual(['ascending', 'none', 'none']);
    expect(column(wrapper, 0)).toEqual(['Bo', 'Zelda', 'Åsa', 'Östen']);
  });

  it('keeps the header in view while rows scroll inside the table region', () => {
    const wrapper = mountResult(TableResult, { output });
    expect(wrapper.get('thead').classes()).toContain('is-sticky');
    expect(wrapper.get('[role="region"]').classes()).toContain('result-table__scroll');
  });

  it('copies the rows as shown, as CSV and as tab-separated text, and says so', async () => {
    const wrapper = mountResult(TableResult, { output });
    await sortButton(wrapper, 'Lektioner').trigger('click');

    await button(wrapper, 'Kopiera som CSV').trigger('click');
    expect(writeText).toHaveBeenLastCalledWith(
      'Namn,Lektioner,Kommentar\r\n' +
        'Åsa,9,"rad 1\nrad 2"\r\n' +
        'Östen,10,"Sa ""hej"", gick"\r\n' +
        'Zelda,100,\r\n' +
        'Bo,123456789012345678901234567890,😀\r\n',
    );
    await vi.waitFor(() =>
      expect(useToasts().toasts.map((toast) => toast.message)).toEqual(['Tabellen är kopierad som CSV.']),
    );

    await button(wrapper, 'Kopiera för kalkylark').trigger('click');
    expect(writeText).toHaveBeenLastCalledWith(
      'Namn\tLektioner\tKommentar\r\n' +
        'Åsa\t9\t"rad 1\nrad 2"\r\n' +
        'Östen\t10\t"Sa ""hej"", gick"\r\n' +
        'Zelda\t100\t\r\n' +
        'Bo\t123456789012345678901234567890\t😀\r\n',
    );
  });

  it('says when copying is not possible, and the message stays until dismissed', async () => {
    writeText.mockRejectedValue(new Error('denied'));
    const wrapper = mountResult(TableResult, { output });
    await button(wrapper, 'Kopiera som CSV').trigger('click');
    await vi.waitFor(() =>
      expect(useToasts().toasts).toEqual([
        expect.objectContaining({
          kind: 'error',
          message: 'Det gick inte att kopiera. Markera tabellen och kopiera den själv.',
        }),
      ]),
    );
  });

  it('shows the sideways cue while columns are hidden to the right, and hides it at the end', async () => {
    const wrapper = mountResult(TableResult, { output });
    const region = wrapper.get('[role="region"]').element as HTMLElement;
    Object.defineProperty(region, 'clientWidth', { value: 360, configurable: true });
    Object.defineProperty(region, 'scrollWidth', { value: 800, configurable: true });
    region.dispatchEvent(new Event('scroll'));
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).toContain('Svep för att se fler kolumner');
    expect(wrapper.get('.result-table__frame').classes()).toContain('has-more-right');

    region.scrollLeft = 440;
    region.dispatchEvent(new Event('scroll'));
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).not.toContain('Svep för att se fler kolumner');
  });

  it('names an untitled table and offers no copy buttons when it has no rows', () => {
    const wrapper = mountResult(TableResult, { output: { ...output, title: undefined, rows: [] } });
    expect(wrapper.find('h3').exists()).toBe(false);
    expect(wrapper.get('[role="region"]').attributes('aria-label')).toBe('Tabell');
    expect(wrapper.text()).toContain('Tabellen har inga rader.');
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain('Kopiera som CSV');
  });
});
