import type { TableCell, TableColumn, TableRow } from '@skriptoteket/contracts';

export type SortDirection = 'ascending' | 'descending';

/*
 * Swedish collation whatever the interface language: the data comes from Swedish schools (Åsa after Zelda),
 * and `numeric` orders "klass 9" before "klass 10" in text cells too.
 */
const collator = new Intl.Collator('sv', { numeric: true, sensitivity: 'base' });

/** Numbers first, then true/false, then text; an empty cell is last in either direction. */
function rank(cell: TableCell | undefined): number {
  if (typeof cell === 'number' || typeof cell === 'bigint') return 0;
  if (typeof cell === 'boolean') return 1;
  if (typeof cell === 'string') return cell === '' ? 3 : 2;
  return 3;
}

function compareCells(a: TableCell | undefined, b: TableCell | undefined): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  // number and bigint compare exactly with < and >, also with each other.
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint'))
    return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/** A sorted copy; rows that compare equal keep the tool's order. */
export function sortRows(rows: readonly TableRow[], key: string, direction: SortDirection): TableRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((x, y) => {
    const a = x[key];
    const b = y[key];
    const isEmptyA = rank(a) === 3;
    const isEmptyB = rank(b) === 3;
    if (isEmptyA || isEmptyB) return Number(isEmptyA) - Number(isEmptyB);
    return sign * compareCells(a, b);
  });
}

/** The cell as the table shows it and as it is copied: exact digits for big integers, nothing for null. */
export function cellText(cell: TableCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell);
}

export const isNumericCell = (cell: TableCell | undefined): boolean =>
  typeof cell === 'number' || typeof cell === 'bigint';

/** RFC 4180: a field with a quote, comma, CR or LF is quoted and its quotes doubled; lines end with CRLF. */
export function toCsv(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  return toDelimited(columns, rows, ',', /[",\r\n]/);
}

/**
 * Tab-separated text as Excel and Google Sheets read it from the clipboard: a field with a tab, quote or line
 * break is quoted like CSV, so it stays one cell.
 */
export function toTsv(columns: readonly TableColumn[], rows: readonly TableRow[]): string {
  return toDelimited(columns, rows, '\t', /["\t\r\n]/);
}

function toDelimited(
  columns: readonly TableColumn[],
  rows: readonly TableRow[],
  separator: string,
  needsQuotes: RegExp,
): string {
  const field = (text: string) => (needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [
    columns.map((column) => field(column.label)).join(separator),
    ...rows.map((row) => columns.map((column) => field(cellText(row[column.key]))).join(separator)),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
