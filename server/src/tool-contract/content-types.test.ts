import { expect, it } from 'vitest';
import { contentTypeFor } from '@skriptoteket/contracts';

it('serves known artifact types with their MIME type and anything else as a download', () => {
  expect(contentTypeFor('Närvaro.XLSX')).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(contentTypeFor('rapport.pdf')).toBe('application/pdf');
  expect(contentTypeFor('utan-ändelse')).toBe('application/octet-stream');
});
