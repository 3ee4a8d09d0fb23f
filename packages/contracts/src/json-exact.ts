/**
 * JSON that keeps integers exact (TOOL-CONTRACT.md §2: a 256-bit integer from a tool's state must reach the next
 * action run unchanged). `JSON.parse` turns 2**256+1 into a float; `parseJsonExact` returns a `bigint` for every
 * integer literal outside ±Number.MAX_SAFE_INTEGER and is otherwise JSON.parse (RFC 8259, strict). Pure and
 * zod-free: the browser reads run results with it too (import '@skriptoteket/contracts/json-exact').
 */
import type { JsonObject, JsonValue } from './ui-payload';

/** Deeper nesting is refused: hostile input must not overflow the stack (the harness itself nests ≤ 64). */
export const MAX_JSON_DEPTH = 512;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const ESCAPES: Record<number, string> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

export class JsonParseError extends SyntaxError {
  constructor(
    reason: string,
    readonly position: number,
  ) {
    super(`Invalid JSON: ${reason} at position ${position}.`);
    this.name = 'JsonParseError';
  }
}

/**
 * Sets an own, enumerable property, also for the key `__proto__` (plain assignment would call the inherited
 * setter and change the object's prototype instead of storing data).
 */
export function setOwn(target: object, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    (target as Record<string, unknown>)[key] = value;
  }
}

/** Strict JSON → value; duplicate keys keep the last value (as JSON.parse). Throws JsonParseError. */
export function parseJsonExact(text: string): JsonValue {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const value = parser.value(0);
  parser.skipWhitespace();
  if (parser.pos < text.length) parser.fail('unexpected data after the value');
  return value;
}

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(reason: string, at = this.pos): never {
    throw new JsonParseError(at >= this.text.length ? 'unexpected end of input' : reason, at);
  }

  skipWhitespace(): void {
    const { text } = this;
    let c = text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++this.pos);
  }

  value(depth: number): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === 34) return this.string();
    if (c === 123) return this.object(depth + 1);
    if (c === 91) return this.array(depth + 1);
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null);
    return this.fail(`unexpected character ${JSON.stringify(this.text.charAt(this.pos))}`);
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private object(depth: number): JsonObject {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    const result: JsonObject = {};
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) this.fail('expected a string key');
      const key = this.string();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 58) this.fail('expected ":"');
      this.pos++;
      this.skipWhitespace();
      setOwn(result, key, this.value(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) return result;
      if (c !== 44) this.fail('expected "," or "}"', this.pos - 1);
      this.skipWhitespace();
    }
  }

  private array(depth: number): JsonValue[] {
    if (depth > MAX_JSON_DEPTH) this.fail(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    const result: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return result;
      if (c !== 44) this.fail('expected "," or "]"', this.pos - 1);
      this.skipWhitespace();
    }
  }

  private string(): string {
    const { text } = this;
    const start = ++this.pos;
    let i = start;
    // Fast path: no escapes, one slice.
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      if (c === 92) break;
      if (c < 32) this.fail('control character in a string', i);
    }
    const parts: string[] = [];
    let chunk = start;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        parts.push(text.slice(chunk, i));
        this.pos = i + 1;
        return parts.join('');
      }
      if (c < 32) this.fail('control character in a string', i);
      if (c !== 92) {
        i++;
        continue;
      }
      parts.push(text.slice(chunk, i));
      const e = text.charCodeAt(i + 1);
      if (e === 117) {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape', i);
        parts.push(String.fromCharCode(parseInt(hex, 16)));
        i += 6;
      } else {
        const escaped = ESCAPES[e];
        if (escaped === undefined) this.fail('invalid escape', i);
        parts.push(escaped);
        i += 2;
      }
      chunk = i;
    }
    this.pos = text.length;
    return this.fail('unterminated string');
  }

  private number(): number | bigint {
    const { text } = this;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    const first = text.charCodeAt(i);
    if (first === 48) i++;
    else if (first >= 49 && first <= 57) i = this.digits(i);
    else this.fail('invalid number', i);
    let isInteger = true;
    if (text.charCodeAt(i) === 46) {
      isInteger = false;
      i = this.requireDigits(i + 1);
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      isInteger = false;
      const sign = text.charCodeAt(i + 1);
      i = this.requireDigits(sign === 43 || sign === 45 ? i + 2 : i + 1);
    }
    this.pos = i;
    const literal = text.slice(start, i);
    // 15 digits always fit a double exactly; longer integers are checked exactly.
    if (!isInteger || i - start <= 15) return Number(literal);
    const big = BigInt(literal);
    return big > MAX_SAFE || big < -MAX_SAFE ? big : Number(big);
  }

  private digits(from: number): number {
    let i = from;
    for (let c = this.text.charCodeAt(i); c >= 48 && c <= 57; c = this.text.charCodeAt(++i));
    return i;
  }

  private requireDigits(from: number): number {
    const end = this.digits(from);
    if (end === from) this.fail('invalid number', from);
    return end;
  }
}

/**
 * Value → JSON text, like JSON.stringify for plain data, plus: `bigint` as its digits, NaN/±Infinity as null.
 * `undefined`, functions and symbols are dropped from objects and null in arrays; a cycle throws a TypeError.
 */
export function stringifyJsonExact(value: unknown): string {
  const parts: string[] = [];
  if (!write(value, parts, new Set())) {
    throw new TypeError(
      'stringifyJsonExact: the value has no JSON form (undefined, a function or a symbol).',
    );
  }
  return parts.join('');
}

function write(input: unknown, parts: string[], ancestors: Set<object>): boolean {
  let value = input;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      parts.push(JSON.stringify(value));
      return true;
    case 'number':
      parts.push(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'bigint':
      parts.push(value.toString());
      return true;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) {
    parts.push('null');
    return true;
  }
  if (ancestors.has(value)) throw new TypeError('stringifyJsonExact: the value contains a cycle.');
  ancestors.add(value);
  if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item: unknown, index) => {
      if (index > 0) parts.push(',');
      if (!write(item, parts, ancestors)) parts.push('null');
    });
    parts.push(']');
  } else {
    parts.push('{');
    let isFirst = true;
    for (const key of Object.keys(value)) {
      const mark = parts.length;
      parts.push(isFirst ? '' : ',', JSON.stringify(key), ':');
      if (write((value as Record<string, unknown>)[key], parts, ancestors)) isFirst = false;
      else parts.length = mark;
    }
    parts.push('}');
  }
  ancestors.delete(value);
  return true;
}
