import { describe, expect, it } from 'vitest';
import {
  checkUploads as checkUploadsInBoth,
  renderTexts,
  type UploadCandidate,
} from '@skriptoteket/contracts';

/** The Swedish of each message (the English is checked with the input normalizer's English messages). */
const checkUploads = (...args: Parameters<typeof checkUploadsInBoth>) =>
  renderTexts(checkUploadsInBoth(...args), 'sv');

const field = (name: string, kind: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name.toUpperCase(),
  kind,
  ...extra,
});

describe('checkUploads', () => {
  const limits = { maxFiles: 20, maxFileBytes: 20_000_000, maxTotalBytes: 50_000_000 };
  const fileSchema = (extra: Record<string, unknown> = {}) => [
    field('title', 'string'),
    { name: 'lista', label: 'Elevlista', kind: 'file', min: 0, max: 20, ...extra },
  ];
  const file = (name: string, bytes = 10, mimeType?: string): UploadCandidate & { tempPath: string } => ({
    name,
    bytes,
    tempPath: `/tmp/${bytes}`,
    ...(mimeType ? { mimeType } : {}),
  });
  const issues = (...list: [path: (string | number)[], message: string][]) => ({
    issues: list.map(([path, message]) => ({ path, message })),
  });

  it('passes valid files in upload order with trimmed names, keeping their other properties', () => {
    expect(checkUploads(fileSchema(), [file(' b.csv ', 3), file('a.txt', 1)], limits)).toStrictEqual({
      files: [
        { name: 'b.csv', bytes: 3, tempPath: '/tmp/3' },
        { name: 'a.txt', bytes: 1, tempPath: '/tmp/1' },
      ],
    });
  });

  it('rejects every upload when the tool has no file field', () => {
    expect(checkUploads([field('t', 'string')], [], limits)).toStrictEqual({ files: [] });
    expect(checkUploads([], [file('a.txt')], limits)).toStrictEqual(
      issues([['files'], 'Verktyget tar inte emot filer. Ta bort filerna och försök igen.']),
    );
  });

  it.each([
    ['', 'En fil saknar namn. Byt namn på filen och försök igen.'],
    ['   ', 'En fil saknar namn. Byt namn på filen och försök igen.'],
    ['.', 'Filnamnet "." är inte tillåtet. Byt namn på filen.'],
    ['..', 'Filnamnet ".." är inte tillåtet. Byt namn på filen.'],
    ['../etc/passwd', 'Filnamnet "../etc/passwd" får inte innehålla / eller \\. Ange bara filens namn.'],
    ['mapp/elever.csv', 'Filnamnet "mapp/elever.csv" får inte innehålla / eller \\. Ange bara filens namn.'],
    [
      'C:\\fakepath\\a.csv',
      'Filnamnet "C:\\fakepath\\a.csv" får inte innehålla / eller \\. Ange bara filens namn.',
    ],
    ['a\u0000.csv', 'Filnamnet "a?.csv" innehåller tecken som inte är tillåtna.'],
    ['a\n.csv', 'Filnamnet "a?.csv" innehåller tecken som inte är tillåtna.'],
    ['a\uDC00.csv', 'Filnamnet "a\uDC00.csv" innehåller tecken som inte är tillåtna.'],
    [
      `${'å'.repeat(126)}.csv`,
      `Filnamnet "${'å'.repeat(60)}…" är för långt (högst 255 byte). Korta namnet och försök igen.`,
    ],
  ])('rejects the name %j', (name, message) => {
    expect(checkUploads(fileSchema(), [file('ok.csv'), file(name)], limits)).toStrictEqual(
      issues([['files', 1], message]),
    );
  });

  it('accepts names of exactly 255 bytes and names with dots inside', () => {
    const name = `${'å'.repeat(125)}.csv`;
    expect(Buffer.byteLength(name)).toBe(254);
    expect(
      checkUploads(fileSchema(), [file(`${name}x`), file('a..b.txt'), file('.env')], limits),
    ).toHaveProperty('files');
  });

  it('rejects two files with the same name, never renaming them', () => {
    expect(checkUploads(fileSchema(), [file('a.csv'), file('A.csv'), file(' a.csv')], limits)).toStrictEqual(
      issues([['files', 2], 'Två filer heter "a.csv". Byt namn på den ena och försök igen.']),
    );
  });

  it('enforces the count and size limits', () => {
    const many = Array.from({ length: 21 }, (_, i) => file(`f${i}.txt`));
    expect(checkUploads(fileSchema(), many, limits)).toStrictEqual(
      issues([['files'], 'Du kan skicka högst 20 filer per körning.']),
    );
    expect(
      checkUploads(fileSchema(), [file('a.bin', 20_000_000), file('b.bin', 20_000_001)], limits),
    ).toStrictEqual(issues([['files', 1], 'Filen "b.bin" är för stor. Högst 20 MB per fil.']));
    const big = [file('a', 20_000_000), file('b', 20_000_000), file('c', 10_000_001)];
    expect(checkUploads(fileSchema(), big, limits)).toStrictEqual(
      issues([['files'], 'Filerna är för stora tillsammans. Högst 50 MB per körning.']),
    );
    expect(
      checkUploads(fileSchema(), [file('a', 10), file('b', 10)], {
        maxFiles: 5,
        maxFileBytes: 1_500_000,
        maxTotalBytes: 15,
      }),
    ).toStrictEqual(issues([['files'], 'Filerna är för stora tillsammans. Högst 15 byte per körning.']));
    expect(
      checkUploads(fileSchema(), [file('a', 2_000_000)], { ...limits, maxFileBytes: 1_500_000 }),
    ).toStrictEqual(issues([['files', 0], 'Filen "a" är för stor. Högst 1,5 MB per fil.']));
    expect(checkUploads(fileSchema(), [file('a', -1), file('b', 1.5)], limits)).toStrictEqual(
      issues(
        [['files', 0], 'Filen "a" kunde inte läsas. Försök igen.'],
        [['files', 1], 'Filen "b" kunde inte läsas. Försök igen.'],
      ),
    );
  });

  it("enforces the file field's min and max, required meaning at least one", () => {
    expect(checkUploads(fileSchema({ min: 2, max: 3 }), [file('a')], limits)).toStrictEqual(
      issues([['files'], 'Välj minst 2 filer för "Elevlista".']),
    );
    expect(checkUploads(fileSchema({ min: 1 }), [], limits)).toStrictEqual(
      issues([['files'], 'Välj en fil för "Elevlista".']),
    );
    expect(checkUploads(fileSchema({ min: 0, required: true }), [], limits)).toStrictEqual(
      issues([['files'], 'Välj en fil för "Elevlista".']),
    );
    expect(
      checkUploads(fileSchema({ max: 3 }), [file('a'), file('b'), file('c'), file('d')], limits),
    ).toStrictEqual(issues([['files'], 'Välj högst 3 filer för "Elevlista".']));
    expect(checkUploads(fileSchema({ max: undefined }), [file('a'), file('b')], limits)).toStrictEqual(
      issues([['files'], 'Välj bara en fil för "Elevlista".']),
    );
    expect(checkUploads(fileSchema({ min: 0 }), [], limits)).toStrictEqual({ files: [] });
  });

  it('enforces accept by extension, case-insensitively, or by MIME type with wildcards', () => {
    const accept = (list: string[], ...files: UploadCandidate[]) =>
      checkUploads(fileSchema({ accept: list }), files, limits);
    expect(accept(['.xlsx', '.csv'], file('elever.XLSX'), file('b.Csv'))).toHaveProperty('files');
    expect(accept(['csv'], file('b.csv'))).toHaveProperty('files');
    expect(accept(['csv'], file('notcsv'))).toHaveProperty('issues');
    expect(accept(['.tar.gz'], file('backup.TAR.GZ'))).toHaveProperty('files');
    expect(accept(['.csv'], file('.csv'))).toHaveProperty('issues');
    expect(accept(['image/*'], file('bild', 10, 'image/PNG'))).toHaveProperty('files');
    expect(accept(['text/csv'], file('x.data', 10, 'text/csv; charset=utf-8'))).toHaveProperty('files');
    expect(accept(['*/*'], file('x', 10, 'application/octet-stream'))).toHaveProperty('files');
    expect(accept(['image/*'], file('bild.png'))).toHaveProperty('files');
    expect(accept(['text/csv'], file('elever.csv', 10, 'application/vnd.ms-excel'))).toHaveProperty('files');
    expect(accept(['image/*'], file('bild.gif'))).toHaveProperty('issues');
    expect(accept(['text/csv'], file('elever.txt', 10, 'text/plain'))).toHaveProperty('issues');
    expect(accept(['image/*'], file('x.bin', 10, 'imagex/png'))).toHaveProperty('issues');
    expect(accept(['image/*', 'text/csv'], file('x.bin'))).toStrictEqual(
      issues([
        ['files', 0],
        'Filen "x.bin" är inte en bild eller CSV-fil. Välj en fil av typen image/* eller text/csv.',
      ]),
    );
    expect(accept(['.tar.gz'], file('x.zip'))).toStrictEqual(
      issues([['files', 0], 'Filen "x.zip" är inte av en tillåten typ (.tar.gz).']),
    );
    expect(accept(['.xlsx', '.csv'], file('ok.csv'), file('elever.txt', 10, 'text/plain'))).toStrictEqual(
      issues([
        ['files', 1],
        'Filen "elever.txt" är inte en Excel-fil eller CSV-fil. Välj en fil av typen .xlsx eller .csv.',
      ]),
    );
  });

  it('reports every problem of every file, the type only of a well-named file', () => {
    const result = checkUploads(
      fileSchema({ max: 1, accept: ['.csv'] }),
      [file('a/b.txt', 30_000_000), file(''), file('c.txt')],
      limits,
    );
    expect(result).toStrictEqual(
      issues(
        [['files'], 'Välj bara en fil för "Elevlista".'],
        [['files', 0], 'Filnamnet "a/b.txt" får inte innehålla / eller \\. Ange bara filens namn.'],
        [['files', 0], 'Filen "a/b.txt" är för stor. Högst 20 MB per fil.'],
        [['files', 1], 'En fil saknar namn. Byt namn på filen och försök igen.'],
        [['files', 2], 'Filen "c.txt" är inte en CSV-fil. Välj en fil av typen .csv.'],
      ),
    );
  });
});
