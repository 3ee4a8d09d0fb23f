import type { TableRow } from '@skriptoteket/contracts';
import { describe, expect, it } from 'vitest';
import { sortRows, toCsv, toTsv } from './table-model';

const keyed = (values: TableRow['v'][]): TableRow[] => values.map((v, i) => ({ i, v }));
const order = (rows: TableRow[]) => rows.map((row) => row['v']);

describe('sortRows', () => {
  it('sorts numbers as numbers, big integers exactly among them', () => {
    const rows = keyed([10, 9, 2n ** 64n, -1.5, 100, 2n ** 64n - 1n]);
    expect(order(sortRows(rows, 'v', 'ascending'))).toEqual([-1.5, 9, 10, 100, 2n ** 64n - 1n, 2n ** 64n]);
    expect(order(sortRows(rows, 'v', 'descending'))).toEqual([2n ** 64n, 2n ** 64n - 1n, 100, 10, 9, -1.5]);
  });

  it('sorts text in Swedish order, digits inside text by value, case aside', () => {
    const rows = keyed(['Östen', 'åsa', 'Zelda', 'Ärla', 'anna', 'klass 10', 'klass 9']);
    expect(order(sortRows(rows, 'v', 'ascending'))).toEqual([
      'anna',
      'klass 9',
      'klass 10',
      'Zelda',
      'åsa',
      'Ärla',
      'Östen',
    ]);
  });

  it('keeps empty cells last both ways and ties in the tool’s order', () => {
    const rows: TableRow[] = [
      { i: 0, v: 2 },
      { i: 1 },
      { i: 2, v: null },
      { i: 3, v: 1 },
      { i: 4, v: 2 },
      { i: 5, v: '' },
    ];
    expect(sortRows(rows, 'v', 'ascending').map((r) => r['i'])).toEqual([3, 0, 4, 1, 2, 5]);
    expect(sortRows(rows, 'v', 'descending').map((r) => r['i'])).toEqual([0, 4, 3, 1, 2, 5]);
  });

  it('does not change the rows it was given', () => {
    const rows = keyed([2, 1]);
    sortRows(rows, 'v', 'ascending');
    expect(order(rows)).toEqual([2, 1]);
  });
});

const columns = [
  { key: 'name', label: 'Namn' },
  { key: 'note', label: 'Kommentar, "citat"' },
  { key: 'n', label: 'Poäng' },
];
const rows: TableRow[] = [
  { name: 'Åsa Öberg', note: 'Sa "hej", gick', n: 12.5 },
  { name: 'Bo\tBerg', note: 'rad 1\nrad 2', n: 2n ** 70n },
  { name: '😀 Émile', n: null },
  { name: 'Cecilia', note: 'ok', n: true },
];

describe('toCsv', () => {
  it('quotes fields with quotes, commas and line breaks, doubles quotes, ends lines with CRLF', () => {
    expect(toCsv(columns, rows)).toBe(
      'Namn,"Kommentar, ""citat""",Poäng\r\n' +
        'Åsa Öberg,"Sa ""hej"", gick",12.5\r\n' +
        'Bo\tBerg,"rad 1\nrad 2",1180591620717411303424\r\n' +
        '😀 Émile,,\r\n' +
        'Cecilia,ok,true\r\n',
    );
  });
});

describe('toTsv', () => {
  it('separates with tabs and quotes only fields with tabs, quotes or line breaks', () => {
    expect(toTsv(columns, rows)).toBe(
      'Namn\t"Kommentar, ""citat"""\tPoäng\r\n' +
        'Åsa Öberg\t"Sa ""hej"", gick"\t12.5\r\n' +
        '"Bo\tBerg"\t"rad 1\nrad 2"\t1180591620717411303424\r\n' +
        '😀 Émile\t\t\r\n' +
        'Cecilia\tok\ttrue\r\n',
    );
  });
});
