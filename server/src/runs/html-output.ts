/**
 * A tool's `html_sandboxed` output as the run page frames it (TOOL-CONTRACT.md §3). Scripts are stopped by the
 * response's CSP `sandbox`; what CSP cannot stop is a `<meta http-equiv=refresh>` that navigates the frame
 * elsewhere, or a `<base>` that points its links at another site, so those tags are removed here. Pure.
 */

/** The response's CSP: the tool's inline styles and data: images, nothing else, framed by the app only. */
export const HTML_OUTPUT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";

const TAG_START = /<(meta|base)(?=[\t\n\f\r />]|$)/gi;

/**
 * Every `<meta>` and `<base>` tag removed, wherever it stands. All `<meta>` go, not only `http-equiv=refresh`:
 * browsers decode character references in attribute values (`http-equiv="&#114;efresh"`), so matching the
 * value would be a guess, and no `<meta>` matters in a frame served as UTF-8. Repeated until nothing changes,
 * so a tag cannot be rebuilt from the parts left around a removed one (`<me<base>ta …>`).
 */
export function stripNavigationTags(html: string): string {
  let current = html;
  for (;;) {
    const next = removeTags(current);
    if (next === current) return current;
    current = next;
  }
}

function removeTags(html: string): string {
  const parts: string[] = [];
  let kept = 0;
  TAG_START.lastIndex = 0;
  for (let match = TAG_START.exec(html); match; match = TAG_START.exec(html)) {
    parts.push(html.slice(kept, match.index));
    kept = tagEnd(html, match.index + match[0].length);
    TAG_START.lastIndex = kept;
  }
  parts.push(html.slice(kept));
  return parts.join('');
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/**
 * Where a start tag whose name ends at `from` ends (just past its `>`, or the end of the text), following the
 * HTML tokenizer's attribute rules: a `>` inside a quoted value does not end the tag.
 */
function tagEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '>') return i + 1;
    if (isSpace(c) || c === '/') {
      i++;
      continue;
    }
    // An attribute name: up to space, '/', '>' or '=' (a leading '=' belongs to the name).
    i++;
    while (i < html.length && !isSpace(html[i]!) && !'/>='.includes(html[i]!)) i++;
    while (i < html.length && isSpace(html[i]!)) i++;
    if (html[i] !== '=') continue;
    i++;
    while (i < html.length && isSpace(html[i]!)) i++;
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      i = close === -1 ? html.length : close + 1;
    } else {
      while (i < html.length && !isSpace(html[i]!) && html[i] !== '>') i++;
    }
  }
  return html.length;
}
