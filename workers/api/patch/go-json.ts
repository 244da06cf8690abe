// Parsing a request body as Go's encoding/json does, for its error texts: the syntax errors of
// encoding/json/scanner.go (`invalid character 'x' looking for beginning of value`,
// `unexpected end of JSON input`), which the apiserver returns for malformed patch bodies.

import type { Json } from '../json-merge-patch.ts';

/** quoteChar: how the scanner names the offending character. */
function quoteChar(char: string): string {
  if (char === "'") return `'\\''`;
  if (char === '"') return `'"'`;
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${char}'`;
}

class Scanner {
  private at = 0;

  constructor(private readonly text: string) {}

  fail(context: string): never {
    if (this.at >= this.text.length) throw new SyntaxError('unexpected end of JSON input');
    throw new SyntaxError(
      `invalid character ${quoteChar(String.fromCodePoint(this.text.codePointAt(this.at) ?? 0))} ${context}`,
    );
  }

  private skipSpace(): void {
    while (/[ \t\r\n]/.test(this.text[this.at] ?? '')) this.at++;
  }

  private peek(): string {
    return this.text[this.at] ?? '';
  }

  document(): void {
    this.value();
    this.skipSpace();
    if (this.at < this.text.length) this.fail('after top-level value');
  }

  private value(): void {
    this.skipSpace();
    const char = this.peek();
    if (char === '{') this.object();
    else if (char === '[') this.array();
    else if (char === '"') this.string();
    else if (char === '-' || /[0-9]/.test(char)) this.number();
    else if (char === 't') this.literal('true');
    else if (char === 'f') this.literal('false');
    else if (char === 'n') this.literal('null');
    else this.fail('looking for beginning of value');
  }

  private object(): void {
    this.at++;
    this.skipSpace();
    if (this.peek() === '}') {
      this.at++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== '"') this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.peek() !== ':') this.fail('after object key');
      this.at++;
      this.value();
      this.skipSpace();
      if (this.peek() === '}') {
        this.at++;
        return;
      }
      if (this.peek() !== ',') this.fail('after object key:value pair');
      this.at++;
    }
  }

  private array(): void {
    this.at++;
    this.skipSpace();
    if (this.peek() === ']') {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      if (this.peek() === ']') {
        this.at++;
        return;
      }
      if (this.peek() !== ',') this.fail('after array element');
      this.at++;
    }
  }

  private string(): void {
    this.at++;
    for (;;) {
      const char = this.peek();
      if (char === '') this.fail('in string literal');
      if (char === '"') {
        this.at++;
        return;
      }
      if (char < ' ') this.fail('in string literal');
      if (char === '\\') {
        this.at++;
        const escape = this.peek();
        if (escape === 'u') {
          for (let i = 0; i < 4; i++) {
            this.at++;
            if (!/[0-9a-fA-F]/.test(this.peek())) this.fail('in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(escape) || escape === '') {
          this.fail('in string escape code');
        }
      }
      this.at++;
    }
  }

  private digits(context: string): void {
    if (!/[0-9]/.test(this.peek())) this.fail(context);
    while (/[0-9]/.test(this.peek())) this.at++;
  }

  private number(): void {
    if (this.peek() === '-') this.at++;
    if (this.peek() === '0') this.at++;
    else this.digits('in numeric literal');
    if (this.peek() === '.') {
      this.at++;
      this.digits('after decimal point in numeric literal');
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.at++;
      if (this.peek() === '+' || this.peek() === '-') this.at++;
      this.digits('in exponent of numeric literal');
    }
  }

  private literal(word: string): void {
    for (const expected of word) {
      if (this.peek() !== expected) this.fail(`in literal ${word} (expecting '${expected}')`);
      this.at++;
    }
  }
}

/** JSON.parse with Go's error texts; throws a SyntaxError carrying the text. */
export function parseGoJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    new Scanner(text).document();
    throw new SyntaxError('unexpected end of JSON input');
  }
}
