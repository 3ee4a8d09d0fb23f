/** How deep a JSON document may nest objects and arrays. Deeper input is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests objects/arrays deeper than `max`, by one scan of the text (brackets inside strings
 * do not count). Parsing and walking a 10,000-deep document overflows the stack in code that recurses, so
 * depth is checked before anything else looks at the text.
 */
export function isJsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}
