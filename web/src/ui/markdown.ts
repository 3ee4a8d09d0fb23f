/**
 * A small markdown reader for usage instructions: headings, paragraphs, lists (nested), block quotes, code,
 * emphasis, links and bare web addresses. It builds a tree that templates render as text, so nothing in the
 * source ever becomes HTML: raw tags show as the characters typed, and links keep only http, https and
 * mailto addresses (others show as their text).
 */

export type MdInline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; children: MdInline[] }
  | { type: 'em'; children: MdInline[] }
  | { type: 'link'; href: string; children: MdInline[] };

export type MdBlock =
  | { type: 'heading'; level: number; children: MdInline[] }
  | { type: 'paragraph'; children: MdInline[] }
  | { type: 'list'; ordered: boolean; start: number; items: MdBlock[][] }
  | { type: 'code'; text: string }
  | { type: 'quote'; children: MdBlock[] }
  | { type: 'rule' };

const MAX_DEPTH = 8;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$/;
const ESCAPABLE = /[\\`*_{}[\]()#+\-.!>~|<]/;
const BARE_URL = /^https?:\/\/[^\s<>"]+/i;
const SAFE_SCHEME = /^(https?:\/\/|mailto:)/i;
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** The address as a link may use it, or null: only absolute http(s) and mailto, nothing hidden inside. */
export function safeHref(raw: string): string | null {
  const href = raw.trim().replace(/^<(.*)>$/, '$1');
  // Control characters and spaces are how "java\tscript:" style tricks hide; a real address has none.
  if (!SAFE_SCHEME.test(href) || /[\s\p{Cc}]/u.test(href)) return null;
  try {
    const url = new URL(href);
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const isBlank = (line: string) => line.trim() === '';
const indentOf = (line: string) => line.length - line.trimStart().length;
const startsBlock = (line: string) =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
const isOrdered = (marker: string) => /\d/.test(marker);

export function parseMarkdown(source: string): MdBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return parseBlocks(lines, 0);
}

function parseBlocks(lines: string[], depth: number): MdBlock[] {
  const blocks: MdBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    const heading = HEADING.exec(line);
    if (fence?.[1]) {
      i = readFence(lines, i, fence[1], blocks);
    } else if (heading?.[1]) {
      blocks.push({ type: 'heading', level: heading[1].length, children: parseInline(heading[2] ?? '') });
      i++;
    } else if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
    } else if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && QUOTE.test(lines[i] ?? ''); i++)
        quoted.push((lines[i] ?? '').replace(QUOTE, ''));
      blocks.push({ type: 'quote', children: parseBlocks(quoted, depth + 1) });
    } else if (depth < MAX_DEPTH && LIST_ITEM.test(line)) {
      i = readList(lines, i, depth, blocks);
    } else {
      const text: string[] = [];
      for (; i < lines.length && !isBlank(lines[i] ?? ''); i++) {
        if (text.length > 0 && startsBlock(lines[i] ?? '')) break;
        text.push((lines[i] ?? '').trim());
      }
      blocks.push({ type: 'paragraph', children: parseInline(text.join(' ')) });
    }
  }
  return blocks;
}

function readFence(lines: string[], start: number, marker: string, blocks: MdBlock[]): number {
  const body: string[] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim().startsWith(marker) && line.trim().replace(/[`~]/g, '') === '') break;
    body.push(line);
  }
  blocks.push({ type: 'code', text: body.join('\n') });
  return i + 1;
}

function readList(lines: string[], start: number, depth: number, blocks: MdBlock[]): number {
  const first = LIST_ITEM.exec(lines[start] ?? '');
  const ordered = isOrdered(first?.[2] ?? '');
  const items: MdBlock[][] = [];
  let i = start;
  for (;;) {
    const match = LIST_ITEM.exec(lines[i] ?? '');
    if (!match || isOrdered(match[2] ?? '') !== ordered) break;
    const gap = Math.min(Math.max((match[3] ?? '').length, 1), 4);
    const contentIndent = (match[1] ?? '').length + (match[2] ?? '').length + gap;
    const itemLines = [match[4] ?? ''];
    for (i++; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (isBlank(line)) {
        const next = nextFilled(lines, i);
        if (next === -1 || indentOf(lines[next] ?? '') < contentIndent) break;
        itemLines.push('');
      } else if (indentOf(line) >= contentIndent) {
        itemLines.push(line.slice(contentIndent));
      } else if (startsBlock(line)) {
        break;
      } else {
        itemLines.push(line.trim());
      }
    }
    items.push(parseBlocks(itemLines, depth + 1));
    const next = nextFilled(lines, i);
    if (next === -1 || !LIST_ITEM.test(lines[next] ?? '')) break;
    i = next;
  }
  const startNumber = ordered ? Number.parseInt(first?.[2] ?? '1', 10) : 1;
  blocks.push({ type: 'list', ordered, start: startNumber, items });
  return i;
}

function nextFilled(lines: string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i] ?? '')) return i;
  return -1;
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Inline markup of one paragraph or heading. `inLink` keeps links out of link texts. */
export function parseInline(source: string, depth = 0, inLink = false): MdInline[] {
  const out: MdInline[] = [];
  // A delimiter without a closer after some point has none after any later point either: skip the search.
  const unclosed = new Set<string>();
  let text = '';
  let i = 0;
  const pushText = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const findCloser = (delim: string, from: number, check: (at: number) => boolean = () => true): number => {
    if (unclosed.has(delim)) return -1;
    for (let at = source.indexOf(delim, from); at !== -1; at = source.indexOf(delim, at + 1)) {
      if (at > from && check(at)) return at;
    }
    unclosed.add(delim);
    return -1;
  };

  while (i < source.length) {
    const char = source[i] ?? '';
    const next = source[i + 1];
    if (char === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      text += next;
      i += 2;
      continue;
    }
    if (char === '`') {
      const run = /^`+/.exec(source.slice(i))?.[0] ?? '`';
      const close = findCloser(run, i + run.length - 1);
      if (close !== -1) {
        pushText();
        out.push({ type: 'code', text: source.slice(i + run.length, close).trim() });
        i = close + run.length;
      } else {
        text += run;
        i += run.length;
      }
      continue;
    }
    const consumed = depth < MAX_DEPTH ? readSpan(i) : 0;
    if (consumed > 0) {
      i = consumed;
      continue;
    }
    text += char;
    i++;
  }
  pushText();
  return out;

  /** Emphasis, a link or a bare address starting at `at`: pushes it and returns where it ends, else 0. */
  function readSpan(at: number): number {
    const char = source[at] ?? '';
    const pair = source.slice(at, at + 2);
    if ((pair === '**' || pair === '__') && !/\s/.test(source[at + 2] ?? ' ')) {
      const close = findCloser(pair, at + 2, (c) => !/\s/.test(source[c - 1] ?? ' '));
      if (close !== -1) return pushSpan('strong', at + 2, close, close + 2);
    }
    if ((char === '*' || char === '_') && !/\s/.test(source[at + 1] ?? ' ')) {
      const intraword = char === '_' && isWordChar(source[at - 1]);
      const close = intraword
        ? -1
        : findCloser(
            char,
            at + 1,
            (c) =>
              !/\s/.test(source[c - 1] ?? ' ') &&
              source[c + 1] !== char &&
              !(char === '_' && isWordChar(source[c + 1])),
          );
      if (close !== -1) return pushSpan('em', at + 1, close, close + 1);
    }
    if (char === '!' && source[at + 1] === '[') return readLink(at + 1, true);
    if (char === '[' && !inLink) return readLink(at);
    if ((char === 'h' || char === 'H') && !inLink && !isWordChar(source[at - 1])) {
      const url = BARE_URL.exec(source.slice(at))?.[0].replace(/[.,;:!?)]+$/, '');
      const href = url ? safeHref(url) : null;
      if (url && href) {
        pushText();
        out.push({ type: 'link', href, children: [{ type: 'text', text: url }] });
        return at + url.length;
      }
    }
    return 0;
  }

  function pushSpan(type: 'strong' | 'em', from: number, to: number, end: number): number {
    pushText();
    out.push({ type, children: parseInline(source.slice(from, to), depth + 1, inLink) });
    return end;
  }

  /** `[text](address)`; an image `![text](address)` shows only its text (no pictures from elsewhere). */
  function readLink(at: number, isImage = false): number {
    const labelEnd = findCloser('](', at + 1);
    if (labelEnd === -1) return 0;
    const close = source.indexOf(')', labelEnd + 2);
    if (close === -1) return 0;
    const label = parseInline(source.slice(at + 1, labelEnd), depth + 1, true);
    const target = source.slice(labelEnd + 2, close).replace(/\s+"[^"]*"\s*$/, '');
    const href = safeHref(target);
    pushText();
    if (href && !isImage && !inLink) out.push({ type: 'link', href, children: label });
    else out.push(...label);
    return close + 1;
  }
}
