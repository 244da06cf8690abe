// What Go's encoding/json says about a document (scanner.go's checkValid and the decoder's type
// errors), for validators that quote json.Unmarshal's error: a docker config Secret's contents.
// Covers unmarshalling into map[string]interface{}; invalid UTF-8 is not reported.

import { goQuote } from './errors.ts';

/** scanner.go quoteChar. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  return `'${goQuote(c).slice(1, -1)}'`;
}

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

class SyntaxError extends Error {}

function invalid(c: string, context: string): SyntaxError {
  return new SyntaxError(`invalid character ${quoteChar(c)} ${context}`);
}

/** A recursive-descent reading with the scanner's error contexts. */
class Scanner {
  private at = 0;

  constructor(private readonly text: string) {}

  private peek(): string | undefined {
    return this.text[this.at];
  }

  private next(): string {
    const c = this.text[this.at++];
    if (c === undefined) throw new SyntaxError('unexpected end of JSON input');
    return c;
  }

  private skipSpace(): void {
    while (this.peek() !== undefined && isSpace(this.peek() ?? '')) this.at++;
  }

  /** Returns the kind of the top-level value. */
  document(): string {
    const kind = this.value();
    this.skipSpace();
    const rest = this.peek();
    if (rest !== undefined) throw invalid(rest, 'after top-level value');
    return kind;
  }

  private value(): string {
    this.skipSpace();
    const c = this.next();
    switch (c) {
      case '{':
        this.object();
        return 'object';
      case '[':
        this.array();
        return 'array';
      case '"':
        this.string();
        return 'string';
      case 't':
        this.literal('rue', 'true');
        return 'bool';
      case 'f':
        this.literal('alse', 'false');
        return 'bool';
      case 'n':
        this.literal('ull', 'null');
        return 'null';
      default:
        if (c === '-' || isDigit(c)) {
          this.number(c);
          return 'number';
        }
        throw invalid(c, 'looking for beginning of value');
    }
  }

  private object(): void {
    this.skipSpace();
    if (this.peek() === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipSpace();
      const quote = this.next();
      if (quote !== '"') throw invalid(quote, 'looking for beginning of object key string');
      this.string();
      this.skipSpace();
      const colon = this.next();
      if (colon !== ':') throw invalid(colon, 'after object key');
      this.value();
      this.skipSpace();
      const after = this.next();
      if (after === '}') return;
      if (after !== ',') throw invalid(after, 'after object key:value pair');
    }
  }

  private array(): void {
    this.skipSpace();
    if (this.peek() === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const after = this.next();
      if (after === ']') return;
      if (after !== ',') throw invalid(after, 'after array element');
    }
  }

  private string(): void {
    for (;;) {
      const c = this.next();
      if (c === '"') return;
      if (c < ' ') throw invalid(c, 'in string literal');
      if (c !== '\\') continue;
      const escape = this.next();
      if (escape === 'u') {
        for (let i = 0; i < 4; i++) {
          const hex = this.next();
          if (!isHex(hex)) throw invalid(hex, 'in \\u hexadecimal character escape');
        }
      } else if (!'bfnrt\\/"'.includes(escape)) {
        throw invalid(escape, 'in string escape code');
      }
    }
  }

  private literal(rest: string, word: string): void {
    for (const expected of rest) {
      const c = this.next();
      if (c !== expected) throw invalid(c, `in literal ${word} (expecting ${quoteChar(expected)})`);
    }
  }

  private digits(): void {
    while (isDigit(this.peek() ?? '')) this.at++;
  }

  private number(first: string): void {
    if (first === '-') {
      const c = this.next();
      if (!isDigit(c)) throw invalid(c, 'in numeric literal');
      if (c !== '0') this.digits();
    } else if (first !== '0') {
      this.digits();
    }
    if (this.peek() === '.') {
      this.at++;
      const c = this.next();
      if (!isDigit(c)) throw invalid(c, 'after decimal point in numeric literal');
      this.digits();
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.at++;
      if (this.peek() === '+' || this.peek() === '-') this.at++;
      const c = this.next();
      if (!isDigit(c)) throw invalid(c, 'in exponent of numeric literal');
      this.digits();
    }
  }
}

/**
 * The error json.Unmarshal(data, &map[string]interface{}{}) returns, or null when it succeeds.
 * `text` holds one character per byte.
 */
export function unmarshalObjectError(text: string): string | null {
  let kind: string;
  try {
    kind = new Scanner(text).document();
  } catch (error) {
    if (error instanceof SyntaxError) return error.message;
    throw error;
  }
  if (kind === 'object' || kind === 'null') return null;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}
