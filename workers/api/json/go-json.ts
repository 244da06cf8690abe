// JSON text as Go's encoding/json reads it (scanner.go, decode.go): syntax errors carry Go's exact
// messages (`invalid character '}' looking for beginning of object key string`, `unexpected end of
// JSON input`), and the parsed tree keeps what JSON.parse loses: every key of an object in order,
// duplicates included, and numbers as written. Leaves out the 10000-level depth limit.

import { goQuote } from '../errors.ts';

export type JsonNode =
  | { type: 'object'; entries: [string, JsonNode][] }
  | { type: 'array'; items: JsonNode[] }
  | { type: 'string'; value: string }
  | { type: 'number'; text: string }
  | { type: 'bool'; value: boolean }
  | { type: 'null' };

/** A Go SyntaxError, as json.Unmarshal returns it. */
export class GoJsonSyntaxError extends Error {}

const END_OF_INPUT = 'unexpected end of JSON input';
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** The characters a backslash may escape: b f n r t \ / " */
const ESCAPES = new Set([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22]);

/** Parses JSON text; throws GoJsonSyntaxError with Go's message on invalid input. */
export function parseGoJson(text: string): JsonNode {
  return new Reader(new TextEncoder().encode(text)).document();
}

/** A JSON value (an object from a component, or a patched object) as the tree. */
export function jsonNodeOf(value: unknown): JsonNode {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'number') return { type: 'number', text: goNumberText(value) };
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (Array.isArray(value)) return { type: 'array', items: value.map(jsonNodeOf) };
  return {
    type: 'object',
    entries: Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => [key, jsonNodeOf(item)]),
  };
}

/** How encoding/json writes a float64 that holds an integer or not: 1e+21 stays exponent. */
function goNumberText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e21
    ? BigInt(value).toString()
    : String(value);
}

/** The tree as a plain value; of duplicate keys the last wins. */
export function jsonValueOf(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const [key, item] of node.entries) object[key] = jsonValueOf(item);
      return object;
    }
    case 'array':
      return node.items.map(jsonValueOf);
    case 'number':
      return Number(node.text);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/** scanner.go quoteChar: the byte as the rune of the same number, quoted with `'`. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return `'${goQuote(String.fromCharCode(byte)).slice(1, -1)}'`;
}

class Reader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  document(): JsonNode {
    const value = this.value();
    this.skipSpace();
    if (this.pos < this.bytes.length) this.fail('after top-level value');
    return value;
  }

  private peek(): number {
    if (this.pos >= this.bytes.length) throw new GoJsonSyntaxError(END_OF_INPUT);
    return this.bytes[this.pos] as number;
  }

  private fail(context: string): never {
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(this.peek())} ${context}`);
  }

  private skipSpace(): void {
    while (this.pos < this.bytes.length && SPACE.has(this.bytes[this.pos] as number)) this.pos++;
  }

  private value(): JsonNode {
    this.skipSpace();
    const byte = this.peek();
    if (byte === 0x7b) return this.object();
    if (byte === 0x5b) return this.array();
    if (byte === 0x22) return { type: 'string', value: this.string() };
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) return this.number();
    if (byte === 0x74) return this.literal('true', { type: 'bool', value: true });
    if (byte === 0x66) return this.literal('false', { type: 'bool', value: false });
    if (byte === 0x6e) return this.literal('null', { type: 'null' });
    return this.fail('looking for beginning of value');
  }

  private object(): JsonNode {
    this.pos++;
    const entries: [string, JsonNode][] = [];
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos++;
      return { type: 'object', entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
      const key = this.string();
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail('after object key');
      this.pos++;
      entries.push([key, this.value()]);
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === 0x7d) return { type: 'object', entries };
      if (next !== 0x2c) {
        this.pos--;
        this.fail('after object key:value pair');
      }
    }
  }

  private array(): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos++;
      return { type: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.skipSpace();
      const next = this.peek();
      this.pos++;
      if (next === 0x5d) return { type: 'array', items };
      if (next !== 0x2c) {
        this.pos--;
        this.fail('after array element');
      }
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const byte = this.peek();
      if (byte === 0x22) break;
      if (byte === 0x5c) {
        this.pos++;
        const escape = this.peek();
        if (escape === 0x75) {
          for (let i = 0; i < 4; i++) {
            this.pos++;
            if (!/^[0-9a-fA-F]$/.test(String.fromCharCode(this.peek()))) {
              this.fail('in \\u hexadecimal character escape');
            }
          }
        } else if (!ESCAPES.has(escape)) {
          this.fail('in string escape code');
        }
      } else if (byte < 0x20) {
        this.fail('in string literal');
      }
      this.pos++;
    }
    this.pos++;
    // The literal is valid JSON now; Go replaces invalid UTF-8 with U+FFFD, as TextDecoder does.
    return JSON.parse(new TextDecoder().decode(this.bytes.subarray(start, this.pos))) as string;
  }

  private number(): JsonNode {
    const start = this.pos;
    if (this.peek() === 0x2d) {
      this.pos++;
      if (!this.isDigit()) this.fail('in numeric literal');
    }
    if (this.peek() === 0x30) this.pos++;
    else this.digits();
    if (this.at(0x2e)) {
      this.pos++;
      if (!this.isDigit()) this.fail('after decimal point in numeric literal');
      this.digits();
    }
    if (this.at(0x65) || this.at(0x45)) {
      this.pos++;
      if (this.peek() === 0x2b || this.peek() === 0x2d) this.pos++;
      if (!this.isDigit()) this.fail('in exponent of numeric literal');
      this.digits();
    }
    return { type: 'number', text: new TextDecoder().decode(this.bytes.subarray(start, this.pos)) };
  }

  /** Whether the next byte is `byte`; false at the end of the input (a number may end there). */
  private at(byte: number): boolean {
    return this.pos < this.bytes.length && this.bytes[this.pos] === byte;
  }

  private isDigit(): boolean {
    const byte = this.peek();
    return byte >= 0x30 && byte <= 0x39;
  }

  private digits(): void {
    while (this.pos < this.bytes.length && this.isDigit()) this.pos++;
  }

  private literal(word: string, node: JsonNode): JsonNode {
    for (let i = 0; i < word.length; i++) {
      if (this.peek() !== word.charCodeAt(i)) {
        this.fail(`in literal ${word} (expecting '${word[i] ?? ''}')`);
      }
      this.pos++;
    }
    return node;
  }
}
