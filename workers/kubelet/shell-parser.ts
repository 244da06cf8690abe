// The grammar of the scripts pods hand to `sh -c` (busybox ash, POSIX shell grammar): lists with
// `;`, `&` (background jobs) and newlines, `&&`/`||`, `!`, simple commands with assignments and redirections,
// while/until/for/if, `{ }` and `( )` groups; words with quotes, $var, ${var:-word}, $(…), `…`
// and $((…)). Left out: pipelines, case, functions, here-documents and globbing.

export type Part =
  | { kind: 'literal'; text: string; quoted: boolean }
  | { kind: 'parameter'; name: string; quoted: boolean; operator?: ParameterOperator }
  | { kind: 'command'; script: List; quoted: boolean }
  | { kind: 'arithmetic'; expression: Word; quoted: boolean };

/** `${name:-word}` and friends; `colon` also treats an empty value as unset. */
export interface ParameterOperator {
  op: '-' | '=' | '+' | '?';
  colon: boolean;
  word: Word;
}

export type Word = Part[];

export interface Redirect {
  /** The descriptor redirected: 1 for `>`, 2 for `2>`. */
  fd: number;
  /** Another descriptor (`>&2`), or a file (`>>` appends; `&>` sends stderr there too). */
  target: { fd: number } | { file: Word; append: boolean; both?: boolean };
}

export type Command =
  | {
      kind: 'simple';
      assignments: [string, Word][];
      words: Word[];
      redirects: Redirect[];
      /** The script line it starts on, which ash's error messages name. */
      line: number;
    }
  | { kind: 'loop'; until: boolean; condition: List; body: List }
  | { kind: 'for'; name: string; items: Word[] | null; body: List }
  | { kind: 'if'; branches: { condition: List; body: List }[]; otherwise: List | null }
  | { kind: 'group'; body: List; subshell: boolean };

export interface Pipeline {
  negated: boolean;
  command: Command;
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  /** Ended by `&`: runs as a background job. */
  background?: boolean;
}

export type List = AndOr[];

/** ash's `syntax error: …`; `unsupported` marks grammar ash reads but the simulation does not. */
export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

/** ash's tokname: operators and reserved words quoted, anything else by its class. */
const TOKENS = [';;', '&&', '||', ';', '&', '|', '(', ')', '`'];

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);
const BLANK = /[ \t]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const RESERVED = new Set(['do', 'done', 'then', 'elif', 'else', 'fi', '}']);
const KEYWORDS = new Set(['!', 'case', 'esac', 'for', 'if', 'in', 'until', 'while', '{']);

/** Parses a whole script; throws ShellSyntaxError for what the subset does not read. */
export function parseScript(source: string): List {
  const parser = new Parser(source);
  const list = parser.list(new Set());
  parser.expectEnd();
  return list;
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private fail(what: string): never {
    throw new ShellSyntaxError(`syntax error: ${what}`);
  }

  /** raise_error_unexpected_syntax: the token here, and what the grammar wanted instead. */
  private unexpected(expecting?: string): never {
    const what = `unexpected ${this.tokenHere()}`;
    this.fail(expecting === undefined ? what : `${what} (expecting "${expecting}")`);
  }

  private tokenHere(): string {
    this.skip();
    const c = this.peek();
    if (c === '') return 'end of file';
    if (c === '\n') return 'newline';
    const operator = TOKENS.find((token) => this.src.startsWith(token, this.pos));
    if (operator) return `"${operator}"`;
    if (c === '<' || c === '>' || /^\d+[<>]/.test(this.rest())) return 'redirection';
    const literal = this.peekLiteral();
    return literal !== null && (RESERVED.has(literal) || KEYWORDS.has(literal))
      ? `"${literal}"`
      : 'word';
  }

  /** Blanks, comments and line continuations; newlines too when `newlines`. */
  private skip(newlines = false): void {
    for (;;) {
      const c = this.peek();
      if (BLANK.test(c) || (newlines && c === '\n')) this.pos++;
      else if (c === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (c === '#') while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
      else return;
    }
  }

  expectEnd(): void {
    this.skip(true);
    if (this.pos < this.src.length) this.unexpected();
  }

  private eat(text: string): boolean {
    this.skip();
    if (!this.src.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  /** The next word if it is a plain unquoted literal (a reserved word can only be one). */
  private peekLiteral(): string | null {
    this.skip();
    const start = this.pos;
    let end = start;
    while (end < this.src.length && /[A-Za-z0-9_{}!]/.test(this.src[end] ?? '')) end++;
    const next = this.src[end] ?? '';
    if (end === start || !(next === '' || BLANK.test(next) || OPERATOR_CHARS.has(next)))
      return null;
    return this.src.slice(start, end);
  }

  private keyword(word: string): boolean {
    if (this.peekLiteral() !== word) return false;
    this.pos += word.length;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.keyword(word)) this.unexpected(word);
  }

  /** Commands up to a reserved word in `ends`, a `)` or the end. */
  list(ends: ReadonlySet<string>): List {
    const list: List = [];
    for (;;) {
      this.skip(true);
      const literal = this.peekLiteral();
      if (this.pos >= this.src.length || this.peek() === ')') break;
      if (literal !== null && (ends.has(literal) || RESERVED.has(literal))) break;
      const andOr = this.andOr();
      list.push(andOr);
      this.skip();
      const c = this.peek();
      if (c === ';' || c === '&' || c === '\n') {
        if (this.src.startsWith(';;', this.pos)) this.unexpected();
        if (c === '&') andOr.background = true;
        this.pos++;
        continue;
      }
      break;
    }
    return list;
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skip();
      const op = this.src.startsWith('&&', this.pos)
        ? '&&'
        : this.src.startsWith('||', this.pos)
          ? '||'
          : null;
      if (!op) break;
      this.pos += 2;
      this.skip(true);
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest };
  }

  private pipeline(): Pipeline {
    const negated = this.keyword('!');
    const command = this.command();
    this.skip();
    if (this.peek() === '|' && this.peek(1) !== '|')
      throw new ShellSyntaxError('pipelines are not simulated', true);
    return { negated, command };
  }

  private command(): Command {
    const loop = this.keyword('while') ? 'while' : this.keyword('until') ? 'until' : null;
    if (loop) {
      const until = loop === 'until';
      const condition = this.list(new Set(['do']));
      this.expectKeyword('do');
      const body = this.list(new Set(['done']));
      this.expectKeyword('done');
      return { kind: 'loop', until, condition, body };
    }
    if (this.keyword('case')) throw new ShellSyntaxError('case is not simulated', true);
    if (this.keyword('for')) return this.forLoop();
    if (this.keyword('if')) return this.ifCommand();
    if (this.keyword('{')) {
      const body = this.list(new Set(['}']));
      this.expectKeyword('}');
      return { kind: 'group', body, subshell: false };
    }
    if (this.eat('(')) {
      const body = this.list(new Set());
      if (!this.eat(')')) this.unexpected(')');
      return { kind: 'group', body, subshell: true };
    }
    return this.simple();
  }

  private forLoop(): Command {
    this.skip();
    const name = NAME.exec(this.src.slice(this.pos))?.[0];
    if (!name) this.fail('bad for loop variable');
    this.pos += name.length;
    let items: Word[] | null = null;
    if (this.keyword('in')) {
      items = [];
      for (;;) {
        this.skip();
        const c = this.peek();
        if (c === ';' || c === '\n' || c === '') break;
        items.push(this.word());
      }
    }
    this.skip();
    if (this.peek() === ';') this.pos++;
    this.skip(true);
    this.expectKeyword('do');
    const body = this.list(new Set(['done']));
    this.expectKeyword('done');
    return { kind: 'for', name, items, body };
  }

  private ifCommand(): Command {
    const branches: { condition: List; body: List }[] = [];
    let otherwise: List | null = null;
    for (;;) {
      const condition = this.list(new Set(['then']));
      this.expectKeyword('then');
      const body = this.list(new Set(['elif', 'else', 'fi']));
      branches.push({ condition, body });
      if (this.keyword('elif')) continue;
      if (this.keyword('else')) otherwise = this.list(new Set(['fi']));
      this.expectKeyword('fi');
      return { kind: 'if', branches, otherwise };
    }
  }

  private simple(): Command {
    this.skip();
    const line = this.src.slice(0, this.pos).split('\n').length;
    const assignments: [string, Word][] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      this.skip();
      const c = this.peek();
      if (c === '' || c === ';' || c === '\n' || c === ')' || c === '|') break;
      if (c === '&' && this.peek(1) !== '>') break;
      const redirect = this.redirect();
      if (redirect) {
        redirects.push(redirect);
        continue;
      }
      const assignment = words.length === 0 ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(this.rest()) : null;
      if (assignment?.[1]) {
        this.pos += assignment[0].length;
        assignments.push([assignment[1], this.word(true)]);
        continue;
      }
      words.push(this.word());
      if (words.length === 1 && /^\s*\(\s*\)/.test(this.rest()))
        throw new ShellSyntaxError('functions are not simulated', true);
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0) this.unexpected();
    return { kind: 'simple', assignments, words, redirects, line };
  }

  private rest(): string {
    return this.src.slice(this.pos);
  }

  private redirect(): Redirect | null {
    const match = /^(\d?)(>>|>&|<&|>|<|&>)/.exec(this.rest());
    if (!match) return null;
    this.pos += match[0].length;
    const [, digit = '', op = ''] = match;
    const fd = digit !== '' ? Number(digit) : op.startsWith('<') ? 0 : 1;
    this.skip();
    if (op === '&>') return { fd: 1, target: { file: this.word(), append: false, both: true } };
    if (op.endsWith('&')) {
      const target = /^\d/.exec(this.rest())?.[0];
      if (!target) this.fail('bad fd number');
      this.pos += 1;
      return { fd, target: { fd: Number(target) } };
    }
    return { fd, target: { file: this.word(), append: op === '>>' } };
  }

  /** One word; `allowEmpty` for the value of an assignment (`x=`). */
  private word(allowEmpty = false): Word {
    const parts: Part[] = [];
    let literal = '';
    const flush = (): void => {
      if (literal !== '') parts.push({ kind: 'literal', text: literal, quoted: false });
      literal = '';
    };
    for (;;) {
      const c = this.peek();
      if (c === '' || BLANK.test(c) || OPERATOR_CHARS.has(c)) break;
      if (c === '\\') {
        if (this.peek(1) === '\n') this.pos += 2;
        else {
          flush();
          parts.push({ kind: 'literal', text: this.peek(1), quoted: true });
          this.pos += 2;
        }
      } else if (c === "'") {
        flush();
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.fail('unterminated quoted string');
        parts.push({ kind: 'literal', text: this.src.slice(this.pos + 1, end), quoted: true });
        this.pos = end + 1;
      } else if (c === '"') {
        flush();
        this.pos++;
        parts.push(...this.doubleQuoted());
      } else if (c === '$' || c === '`') {
        const expansion = this.expansion(false);
        if (expansion) {
          flush();
          parts.push(expansion);
        } else {
          literal += c;
          this.pos++;
        }
      } else {
        literal += c;
        this.pos++;
      }
    }
    flush();
    if (parts.length === 0 && !allowEmpty) this.unexpected();
    return parts;
  }

  private doubleQuoted(): Part[] {
    const parts: Part[] = [];
    let literal = '';
    let sawPart = false;
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail('unterminated quoted string');
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\' && '$`"\\\n'.includes(this.peek(1))) {
        if (this.peek(1) !== '\n') literal += this.peek(1);
        this.pos += 2;
        continue;
      }
      if (c === '$' || c === '`') {
        const expansion = this.expansion(true);
        if (expansion) {
          if (literal !== '') parts.push({ kind: 'literal', text: literal, quoted: true });
          literal = '';
          parts.push(expansion);
          sawPart = true;
          continue;
        }
      }
      literal += c;
      this.pos++;
    }
    if (literal !== '' || !sawPart) parts.push({ kind: 'literal', text: literal, quoted: true });
    return parts;
  }

  /** $name, ${…}, $(…), $((…)) or `…` at the cursor; null for a lone `$`. */
  private expansion(quoted: boolean): Part | null {
    if (this.peek() === '`') {
      const end = this.src.indexOf('`', this.pos + 1);
      if (end < 0) this.fail('EOF in backquote substitution');
      const script = parseScript(this.src.slice(this.pos + 1, end));
      this.pos = end + 1;
      return { kind: 'command', script, quoted };
    }
    const next = this.peek(1);
    if (next === '(' && this.peek(2) === '(') return this.arithmetic(quoted);
    if (next === '(') {
      this.pos += 2;
      const script = this.list(new Set());
      this.skip(true);
      if (!this.eat(')')) this.unexpected(')');
      return { kind: 'command', script, quoted };
    }
    if (next === '{') return this.braced(quoted);
    const special = /^[?$#@*!0-9-]/.exec(next)?.[0];
    const name = special ?? NAME.exec(this.src.slice(this.pos + 1))?.[0];
    if (!name) return null;
    this.pos += 1 + name.length;
    return { kind: 'parameter', name, quoted };
  }

  private braced(quoted: boolean): Part {
    this.pos += 2;
    const name = /^([?$#@*!0-9]|[A-Za-z_][A-Za-z0-9_]*)/.exec(this.rest())?.[0];
    if (!name) this.fail('bad substitution');
    this.pos += name.length;
    const op = /^(:?)([-=+?])/.exec(this.rest());
    let operator: ParameterOperator | undefined;
    if (op) {
      this.pos += op[0].length;
      const word: Word = [];
      let literal = '';
      while (this.peek() !== '}') {
        if (this.peek() === '') this.fail('bad substitution');
        if (this.peek() === '$') {
          const inner = this.expansion(quoted);
          if (inner) {
            if (literal) word.push({ kind: 'literal', text: literal, quoted: true });
            literal = '';
            word.push(inner);
            continue;
          }
        }
        literal += this.peek();
        this.pos++;
      }
      if (literal) word.push({ kind: 'literal', text: literal, quoted: true });
      operator = { op: op[2] as ParameterOperator['op'], colon: op[1] === ':', word };
    }
    if (this.peek() !== '}') this.fail('bad substitution');
    this.pos++;
    return operator
      ? { kind: 'parameter', name, quoted, operator }
      : { kind: 'parameter', name, quoted };
  }

  /** $(( … )): the text up to the matching `))`, itself expanded before evaluation. */
  private arithmetic(quoted: boolean): Part {
    this.pos += 3;
    let depth = 0;
    const expression: Word = [];
    let literal = '';
    for (;;) {
      const c = this.peek();
      if (c === '') this.fail("missing '))'");
      if (c === ')' && depth === 0 && this.peek(1) === ')') {
        this.pos += 2;
        break;
      }
      if (c === '$') {
        const inner = this.expansion(true);
        if (inner) {
          if (literal) expression.push({ kind: 'literal', text: literal, quoted: true });
          literal = '';
          expression.push(inner);
          continue;
        }
      }
      if (c === '(') depth++;
      if (c === ')') depth--;
      literal += c;
      this.pos++;
    }
    if (literal) expression.push({ kind: 'literal', text: literal, quoted: true });
    return { kind: 'arithmetic', expression, quoted };
  }
}
