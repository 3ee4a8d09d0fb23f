/** One row of a rendered diff. `hunk` rows carry the "@@ … @@" header; `note` rows "\ No newline at end of file". */
export interface DiffLine {
  kind: 'context' | 'add' | 'del' | 'hunk' | 'note';
  text: string;
  oldNumber: number | null;
  newNumber: number | null;
}

export interface ParsedDiff {
  lines: DiffLine[];
  additions: number;
  deletions: number;
}

/** A file as the diff viewer shows it. */
export interface DiffViewFile {
  name: string;
  isChanged: boolean;
  diff: ParsedDiff;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * Parses a unified diff (as `diff`/jsdiff or git print it). File headers (`Index:`, `====`, `---`, `+++`) are
 * skipped; inside a hunk the line counts of its header decide where it ends, so a removed line that itself
 * starts with "--" is still read as a removal.
 */
export function parseUnifiedDiff(patch: string): ParsedDiff {
  const lines: DiffLine[] = [];
  let additions = 0;
  let deletions = 0;
  let oldLine = 0;
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;

  for (const raw of splitLines(patch)) {
    const inHunk = oldLeft > 0 || newLeft > 0;
    const header = inHunk ? null : HUNK_HEADER.exec(raw);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[3]);
      oldLeft = header[2] === undefined ? 1 : Number(header[2]);
      newLeft = header[4] === undefined ? 1 : Number(header[4]);
      // An empty side starts "before line 1" ("-0,0"); its first real line is still line 1.
      if (oldLeft === 0) oldLine += 1;
      if (newLeft === 0) newLine += 1;
      lines.push({ kind: 'hunk', text: raw, oldNumber: null, newNumber: null });
      continue;
    }
    if (raw.startsWith('\\')) {
      lines.push({ kind: 'note', text: raw.slice(1).trim(), oldNumber: null, newNumber: null });
      continue;
    }
    if (!inHunk) continue;
    const marker = raw[0] ?? ' ';
    const text = raw.slice(1);
    if (marker === '+') {
      lines.push({ kind: 'add', text, oldNumber: null, newNumber: newLine++ });
      newLeft--;
      additions++;
    } else if (marker === '-') {
      lines.push({ kind: 'del', text, oldNumber: oldLine++, newNumber: null });
      oldLeft--;
      deletions++;
    } else {
      // A context line; some tools strip the leading space of an empty one.
      lines.push({ kind: 'context', text, oldNumber: oldLine++, newNumber: newLine++ });
      oldLeft--;
      newLeft--;
    }
  }
  return { lines, additions, deletions };
}

/** A whole file shown as added, for comparing against nothing (a tool's first version). */
export function additionDiff(content: string): ParsedDiff {
  const lines = splitLines(content).map((text, index): DiffLine => ({
    kind: 'add',
    text,
    oldNumber: null,
    newNumber: index + 1,
  }));
  return { lines, additions: lines.length, deletions: 0 };
}

/** The files of a diff response, parsed for the viewer. */
export function toDiffViewFiles(
  files: readonly { name: string; patch: string; isChanged: boolean }[],
): DiffViewFile[] {
  return files.map((file) => ({
    name: file.name,
    isChanged: file.isChanged,
    diff: file.isChanged ? parseUnifiedDiff(file.patch) : { lines: [], additions: 0, deletions: 0 },
  }));
}
