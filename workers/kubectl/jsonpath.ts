// Kubernetes JSONPath templates (client-go util/jsonpath) as `-o jsonpath`, `-o custom-columns`
// and `--sort-by` use them: literal text and `{…}` actions with fields, `..` recursive descent,
// indexes and slices, `[*]`, `[?(@.a=="b")]` filters, `range`/`end`, string literals; missing
// keys yield nothing (kubectl's --allow-missing-template-keys).

import { goSortedJson } from '../api/last-applied.ts';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'recursive'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'index'; start?: number; end?: number; single: boolean }
  | { kind: 'filter'; left: Step[]; op: string; right: Step[] | string | number | boolean | null };

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; steps: Step[] }
  | { kind: 'range'; steps: Step[]; body: Node[] };

export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

/** Splits `{.a}text{range .b}` into text and action pieces. */
function tokenize(template: string): { action: boolean; text: string }[] {
  const pieces: { action: boolean; text: string }[] = [];
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{', index);
    if (open === -1) {
      pieces.push({ action: false, text: template.slice(index) });
      break;
    }
    if (open > index) pieces.push({ action: false, text: template.slice(index, open) });
    let depth = 0;
    let quote = '';
    let close = -1;
    for (let at = open; at < template.length; at++) {
      const char = template.charAt(at);
      if (quote) {
        if (char === '\\') at++;
        else if (char === quote) quote = '';
      } else if (char === '"' || char === "'") quote = char;
      else if (char === '{') depth++;
      else if (char === '}' && --depth === 0) {
        close = at;
        break;
      }
    }
    if (close === -1) throw new JsonPathError('unclosed action');
    pieces.push({ action: true, text: template.slice(open + 1, close).trim() });
    index = close + 1;
  }
  return pieces;
}

function parseLiteral(text: string): string | number | boolean | null {
  if (/^".*"$/s.test(text)) return JSON.parse(text) as string;
  if (/^'.*'$/s.test(text)) return text.slice(1, -1);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  throw new JsonPathError(`unrecognized literal ${text}`);
}

/** Steps of `.items[*].metadata.name`, `..name`, `['a.b']`, `[?(@.x=="y")]`. */
function parseSteps(path: string): Step[] {
  const steps: Step[] = [];
  let index = path.startsWith('@') || path.startsWith('$') ? 1 : 0;
  while (index < path.length) {
    const rest = path.slice(index);
    if (rest.startsWith('..')) {
      const match = /^\.\.([\w-]+|\*)/.exec(rest);
      if (!match) throw new JsonPathError(`invalid recursive descent in ${path}`);
      steps.push({ kind: 'recursive', name: match[1] ?? '' });
      index += match[0].length;
    } else if (rest.startsWith('.')) {
      const match = /^\.([^.[\]]*)/.exec(rest);
      const name = match?.[1] ?? '';
      if (name === '*') steps.push({ kind: 'wildcard' });
      else if (name !== '') steps.push({ kind: 'field', name });
      index += (match?.[0].length ?? 1) || 1;
    } else if (rest.startsWith('[')) {
      const close = findClose(rest);
      const inner = rest.slice(1, close).trim();
      steps.push(parseBracket(inner));
      index += close + 1;
    } else {
      const match = /^[^.[]+/.exec(rest);
      steps.push({ kind: 'field', name: match?.[0] ?? rest });
      index += match?.[0].length ?? rest.length;
    }
  }
  return steps;
}

function findClose(text: string): number {
  let depth = 0;
  let quote = '';
  for (let at = 0; at < text.length; at++) {
    const char = text.charAt(at);
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '(') depth++;
    else if ((char === ']' || char === ')') && --depth === 0 && char === ']') return at;
  }
  throw new JsonPathError(`unterminated array`);
}

function parseBracket(inner: string): Step {
  if (inner === '*') return { kind: 'wildcard' };
  if (/^'.*'$|^".*"$/.test(inner)) return { kind: 'field', name: inner.slice(1, -1) };
  if (inner.startsWith('?(') && inner.endsWith(')')) {
    const expression = inner.slice(2, -1).trim();
    const match = /^(@[^=!<>]*?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expression);
    if (!match) return { kind: 'filter', left: parseSteps(expression), op: 'exists', right: null };
    const right = (match[3] ?? '').trim();
    return {
      kind: 'filter',
      left: parseSteps((match[1] ?? '').trim()),
      op: match[2] ?? '==',
      right: right.startsWith('@') ? parseSteps(right) : parseLiteral(right),
    };
  }
  const slice = /^(-?\d*)\s*(?::\s*(-?\d*))?(?::\s*\d*)?$/.exec(inner);
  if (!slice) throw new JsonPathError(`invalid array index ${inner}`);
  const start = slice[1] === '' ? undefined : Number(slice[1]);
  if (slice[2] === undefined) return { kind: 'index', start, single: true };
  return {
    kind: 'index',
    start,
    end: slice[2] === '' ? undefined : Number(slice[2]),
    single: false,
  };
}

function parseNodes(pieces: { action: boolean; text: string }[], until: boolean): [Node[], number] {
  const nodes: Node[] = [];
  for (let index = 0; index < pieces.length; index++) {
    const piece = pieces[index] ?? { action: false, text: '' };
    if (!piece.action) {
      nodes.push({ kind: 'text', text: piece.text });
      continue;
    }
    const text = piece.text;
    if (text === 'end') {
      if (!until) throw new JsonPathError('not in range, nothing to end');
      return [nodes, index];
    }
    if (text.startsWith('range ')) {
      const [body, consumed] = parseNodes(pieces.slice(index + 1), true);
      nodes.push({ kind: 'range', steps: parseSteps(text.slice(6).trim()), body });
      index += consumed + 1;
      continue;
    }
    if (/^["']/.test(text)) {
      nodes.push({ kind: 'text', text: String(parseLiteral(text)) });
      continue;
    }
    nodes.push({ kind: 'path', steps: parseSteps(text) });
  }
  if (until) throw new JsonPathError('unclosed range');
  return [nodes, pieces.length];
}

export function parseJsonPath(template: string): Node[] {
  return parseNodes(tokenize(template), false)[0];
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    return Object.keys(object)
      .sort()
      .map((key) => object[key]);
  }
  return [];
}

function field(value: unknown, name: string): unknown[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const object = value as Record<string, unknown>;
  return name in object ? [object[name]] : [];
}

function descend(value: unknown, name: string): unknown[] {
  const found: unknown[] = name === '*' ? children(value) : field(value, name);
  for (const child of children(value)) found.push(...descend(child, name));
  return found;
}

function compare(left: unknown, op: string, right: unknown): boolean {
  switch (op) {
    case '==':
      return left === right || (typeof left === 'number' && Number(right) === left);
    case '!=':
      return left !== right;
    case '<':
      return (left as number) < (right as number);
    case '>':
      return (left as number) > (right as number);
    case '<=':
      return (left as number) <= (right as number);
    default:
      return (left as number) >= (right as number);
  }
}

function applyStep(values: unknown[], step: Step): unknown[] {
  switch (step.kind) {
    case 'field':
      return values.flatMap((value) => field(value, step.name));
    case 'recursive':
      return values.flatMap((value) => descend(value, step.name));
    case 'wildcard':
      return values.flatMap(children);
    case 'index':
      return values.flatMap((value) => {
        if (!Array.isArray(value)) return [];
        const length = value.length;
        const normalise = (at: number): number =>
          at < 0 ? Math.max(0, length + at) : Math.min(at, length);
        if (step.single) {
          const at = step.start ?? 0;
          const item: unknown = value[at < 0 ? length + at : at];
          if (at >= length || at < -length) throw new JsonPathError('array index out of bounds');
          return [item];
        }
        return (value as unknown[]).slice(
          normalise(step.start ?? 0),
          normalise(step.end ?? length),
        );
      });
    case 'filter':
      return values.flatMap((value) =>
        children(value).filter((item) => {
          const left = evaluate([item], step.left);
          if (step.op === 'exists') return left.length > 0;
          const right = Array.isArray(step.right) ? evaluate([item], step.right) : [step.right];
          return left.length > 0 && right.length > 0 && compare(left[0], step.op, right[0]);
        }),
      );
  }
}

function evaluate(values: unknown[], steps: Step[]): unknown[] {
  return steps.reduce(applyStep, values);
}

/** The values a path selects in `data`: `--sort-by` and custom columns use them. */
export function findResults(data: unknown, path: string): unknown[] {
  const nodes = parseJsonPath(path);
  return nodes.flatMap((node) => (node.kind === 'path' ? evaluate([data], node.steps) : []));
}

/** How a result prints: strings bare, other values as encoding/json writes them. */
export function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  return goSortedJson(value);
}

/** Inside a range, paths are relative to the current item, as `@` is. */
function render(nodes: Node[], data: unknown): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'path') out += evaluate([data], node.steps).map(resultText).join(' ');
    else for (const item of evaluate([data], node.steps)) out += render(node.body, item);
  }
  return out;
}

/** Executes a template against `data`. */
export function executeJsonPath(template: string, data: unknown): string {
  return render(parseJsonPath(template), data);
}
