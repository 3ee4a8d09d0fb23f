import { afterEach, describe, expect, it } from 'vitest';
import { mountResult } from '../../../test/run-result-fixtures';
import ArtifactList from './ArtifactList.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

const artifact = (path: string, bytes: number, id = path) => ({
  id,
  path,
  bytes,
  downloadUrl: `/api/v1/runs/r1/artifacts/${encodeURIComponent(id)}`,
});

const artifacts = [
  artifact('output/Närvaro åk 9.xlsx', 12_345),
  artifact('output/rapporter/Sammanfattning.pdf', 2_500_000),
  artifact('output/brev.docx', 800),
  artifact('output/diagram.PNG', 45_000),
  artifact('output/allt.zip', 1_000_000_000),
  artifact('output/data.bin', 3),
];

describe('ArtifactList', () => {
  it('lists each file by its name without output/, with a download link, its kind and size in Swedish', () => {
    const wrapper = mountResult(ArtifactList, { artifacts, filesExpired: false });
    expect(wrapper.get('h3').text()).toBe('Filer att ladda ner');
    const items = wrapper.findAll('li');
    expect(items.map((li) => li.get('a').text())).toEqual([
      'Ladda ner Närvaro åk 9.xlsx',
      'Ladda ner rapporter/Sammanfattning.pdf',
      'Ladda ner brev.docx',
      'Ladda ner diagram.PNG',
      'Ladda ner allt.zip',
      'Ladda ner data.bin',
    ]);
    expect(items.map((li) => li.get('.artifact__meta').text().replace(/\s/g, ' '))).toEqual([
      'Kalkylark · 12,3 kB',
      'PDF · 2,5 MB',
      'Dokument · 800 B',
      'Bild · 45 kB',
      'Arkiv · 1 GB',
      'Fil · 3 B',
    ]);
    const link = items[0]!.get('a');
    expect(link.attributes('href')).toBe(artifacts[0]!.downloadUrl);
    expect(link.attributes()).toHaveProperty('download');
  });

  it('marks each file with an icon for its kind, hidden from screen readers (the kind is said in words)', () => {
    const wrapper = mountResult(ArtifactList, { artifacts, filesExpired: false });
    const items = wrapper.findAll('li');
    expect(items.map((li) => li.classes().find((c) => c.startsWith('artifact--')))).toEqual([
      'artifact--spreadsheet',
      'artifact--pdf',
      'artifact--document',
      'artifact--image',
      'artifact--archive',
      'artifact--other',
    ]);
    expect(items.map((li) => li.get('svg').text())).toEqual(['XLS', 'PDF', 'DOC', 'IMG', 'ZIP', 'FIL']);
    expect(items.every((li) => li.get('svg').attributes('aria-hidden') === 'true')).toBe(true);
  });

  it('sizes in the English locale too', () => {
    const wrapper = mountResult(
      ArtifactList,
      { artifacts: artifacts.slice(0, 1), filesExpired: false },
      'en',
    );
    expect(wrapper.get('.artifact__meta').text().replace(/\s/g, ' ')).toBe('Spreadsheet · 12.3 kB');
  });

  it('says the files were removed because they were old, and what to do, instead of dead links', () => {
    const wrapper = mountResult(ArtifactList, { artifacts: [], filesExpired: true });
    expect(wrapper.find('a').exists()).toBe(false);
    expect(wrapper.get('.message').text()).toBe(
      'Filerna finns inte kvarFilerna från den här körningen togs bort eftersom de var gamla. Kör verktyget igen för att få nya filer.',
    );
  });

  it('shows nothing for a run without files', () => {
    expect(mountResult(ArtifactList, { artifacts: [], filesExpired: false }).html()).toBe('<!--v-if-->');
  });
});
