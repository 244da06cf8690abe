// $(( … )) as busybox ash evaluates it: integers, variables by name, the C operators from unary
// through `||`, and `=`/`op=` assignments. Errors carry ash's messages.

export class ArithmeticError extends Error {}

const BINARY: Record<string, { precedence: number; apply: (a: number, b: number) => number }> = {
  '||': { precedence: 1, apply: (a, b) => Number(a !== 0 || b !== 0) },
  '&&': { precedence: 2, apply: (a, b) => Number(a !== 0 && b !== 0) },
  '|': { precedence: 3, apply: (a, b) => a | b },
  '^': { precedence: 4, apply: (a, b) => a ^ b },
  '&': { precedence: 5, apply: (a, b) => a & b },
  '==': { precedence: 6, apply: (a, b) => Number(a === b) },
  '!=': { precedence: 6, apply: (a, b) => Number(a !== b) },
  '<': { precedence: 7, apply: (a, b) => Number(a < b) },
  '<=': { precedence: 7, apply: (a, b) => Number(a <= b) },
  '>': { precedence: 7, apply: (a, b) => Number(a > b) },
  '>=': { precedence: 7, apply: (a, b) => Number(a >= b) },
  '<<': { precedence: 8, apply: (a, b) => a << b },
  '>>': { precedence: 8, apply: (a, b) => a >> b },
  '+': { precedence: 9, apply: (a, b) => a + b },
  '-': { precedence: 9, apply: (a, b) => a - b },
  '*': { precedence: 10, apply: (a, b) => a * b },
  '/': { precedence: 10, apply: (a, b) => Math.trunc(a / divisor(b)) },
  '%': { precedence: 10, apply: (a, b) => a % divisor(b) },
};

function divisor(b: number): number {
  if (b === 0) throw new ArithmeticError('divide by zero');
  return b;
}

const TOKEN =
  /\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|<<=|>>=|\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%&|^]=|[-+*/%()!~<>=&|^])/y;

export interface Variables {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** Evaluates an already-expanded arithmetic expression. */
export function evaluateArithmetic(text: string, variables: Variables): number {
  const tokens: string[] = [];
  let position = 0;
  for (;;) {
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(text);
    if (!match) break;
    tokens.push(match[1] ?? '');
    position = TOKEN.lastIndex;
  }
  if (text.slice(position).trim() !== '') throw new ArithmeticError('arithmetic syntax error');
  if (tokens.length === 0) return 0;
  const evaluator = new Evaluator(tokens, variables);
  const value = evaluator.expression();
  if (!evaluator.done()) throw new ArithmeticError('arithmetic syntax error');
  return value;
}

class Evaluator {
  private index = 0;

  constructor(
    private readonly tokens: string[],
    private readonly variables: Variables,
  ) {}

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  private peek(): string | undefined {
    return this.tokens[this.index];
  }

  private next(): string {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new ArithmeticError('arithmetic syntax error');
    return token;
  }

  expression(): number {
    const name = this.peek();
    const op = this.tokens[this.index + 1];
    if (name && /^[A-Za-z_]/.test(name) && op && /^[-+*/%&|^]?=$/.test(op) && op !== '==') {
      this.index += 2;
      const right = this.expression();
      const current = this.variable(name);
      const value = op === '=' ? right : (BINARY[op.slice(0, -1)]?.apply(current, right) ?? 0);
      this.variables.set(name, String(value));
      return value;
    }
    return this.binary(1);
  }

  private binary(minPrecedence: number): number {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      const info = op === undefined ? undefined : BINARY[op];
      if (!info || info.precedence < minPrecedence) return left;
      this.index++;
      const right = this.binary(info.precedence + 1);
      left = info.apply(left, right);
    }
  }

  private unary(): number {
    const token = this.next();
    switch (token) {
      case '-':
        return -this.unary();
      case '+':
        return this.unary();
      case '!':
        return Number(this.unary() === 0);
      case '~':
        return ~this.unary();
      case '(': {
        const value = this.expression();
        if (this.next() !== ')') throw new ArithmeticError('arithmetic syntax error');
        return value;
      }
    }
    if (/^\d/.test(token)) return Number(token);
    if (/^[A-Za-z_]/.test(token)) return this.variable(token);
    throw new ArithmeticError('arithmetic syntax error');
  }

  private variable(name: string): number {
    const value = this.variables.get(name);
    if (value === undefined || value.trim() === '') return 0;
    const number = Number(value.trim());
    if (!Number.isInteger(number)) throw new ArithmeticError('arithmetic syntax error');
    return number;
  }
}
