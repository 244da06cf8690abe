// Models k8s.io/apimachinery pkg/labels/selector.go (lexer, parser, Requirement, matching,
// String) and pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector. Leaves out the validated-set
// selector variants, RequiresExactMatch and the field.Path option of Parse.

import {
  aggregateMessage,
  field,
  fieldErrorString,
  goQuote,
  type FieldError,
  type ParseError,
} from './errors.ts';
import { isQualifiedName, isValidLabelValue } from './validation.ts';

export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

/** `nothing` matches no object (a nil LabelSelector); no requirements match every object. */
export type Selector = { nothing: true } | { requirements: Requirement[] };

export type Labels = Readonly<Record<string, string>> | undefined;

export const everything = (): Selector => ({ requirements: [] });
export const nothing = (): Selector => ({ nothing: true });

// In upstream's order, which is also how a bad operator error lists them.
const BINARY_OPERATORS: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

// Stable sort by key, as the parser and Selector.Add leave requirements.
const byKey = (requirements: Requirement[]): Requirement[] =>
  [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

// strconv.ParseInt(s, 10, 64) succeeds.
const isInt64 = (n: bigint): boolean => n >= -(2n ** 63n) && n < 2n ** 63n;
const isInteger = (s: string): boolean => /^[+-]?\d+$/.test(s) && isInt64(BigInt(s));

// validateLabelKey / validateLabelValue: one Invalid error whose detail joins the reasons.
function keyError(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length === 0 ? undefined : field.invalid(path, key, errs.join('; '));
}

function valueError(key: string, value: string, path: string): FieldError | undefined {
  const errs = isValidLabelValue(value);
  return errs.length === 0 ? undefined : field.invalid(`${path}[${key}]`, value, errs.join('; '));
}

// Go prints a nil []string as `[]string(nil)`; LabelSelectorAsSelector always passes nil
// when a match expression has no values.
const stringsValue = (values: string[]): unknown =>
  values.length === 0 ? { goSyntax: '[]string(nil)' } : values;

// The per-operator checks on the number of values (NewRequirement's switch).
function valueCountError(operator: Operator, values: string[]): string | undefined {
  const count = values.length;
  if ((operator === 'in' || operator === 'notin') && count === 0) {
    return "for 'in', 'notin' operators, values set can't be empty";
  }
  if ((operator === '=' || operator === '==' || operator === '!=') && count !== 1) {
    return 'exact-match compatibility requires one single value';
  }
  if ((operator === 'exists' || operator === '!') && count !== 0) {
    return 'values set must be empty for exists and does not exist';
  }
  if ((operator === 'gt' || operator === 'lt') && count !== 1) {
    return "for 'Gt', 'Lt' operators, exactly one value is required";
  }
  return undefined;
}

/** labels.NewRequirement: the requirement, or the aggregated text of its field errors. */
export function newRequirement(
  key: string,
  operator: Operator,
  values: string[],
): Requirement | ParseError {
  const errs: FieldError[] = [];
  const keyErr = keyError(key, 'key');
  if (keyErr) errs.push(keyErr);
  const countError = valueCountError(operator, values);
  if (countError !== undefined)
    errs.push(field.invalid('values', stringsValue(values), countError));
  values.forEach((v, i) => {
    if ((operator === 'gt' || operator === 'lt') && !isInteger(v)) {
      const detail = "for 'Gt', 'Lt' operators, the value must be an integer";
      errs.push(field.invalid(`values[${i}]`, v, detail));
    }
  });
  values.forEach((v, i) => {
    const err = valueError(key, v, `values[${i}]`);
    if (err) errs.push(err);
  });
  if (errs.length > 0) return { error: aggregateMessage(errs.map(fieldErrorString)) };
  return { key, operator, values };
}

export function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = labels !== undefined && Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const [bound] = r.values;
      if (value === undefined || r.values.length !== 1 || bound === undefined) return false;
      if (!isInteger(value) || !isInteger(bound)) return false;
      const [actual, limit] = [BigInt(value), BigInt(bound)];
      return r.operator === 'gt' ? actual > limit : actual < limit;
    }
  }
}

export function matchesLabels(selector: Selector, labels: Labels): boolean {
  if ('nothing' in selector) return false;
  return selector.requirements.every((r) => matchesRequirement(r, labels));
}

export function isEmptySelector(selector: Selector): boolean {
  return 'requirements' in selector && selector.requirements.length === 0;
}

const OPERATOR_TEXT: Record<Operator, string> = {
  '!': '',
  exists: '',
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
};

export function requirementString(r: Requirement): string {
  const head = `${r.operator === '!' ? '!' : ''}${r.key}${OPERATOR_TEXT[r.operator]}`;
  if (r.operator === '!' || r.operator === 'exists') return head;
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${head}(${values})` : `${head}${values}`;
}

/** Selector.String(): requirements joined by `,`; both Everything and Nothing print ''. */
export function selectorString(selector: Selector): string {
  return 'nothing' in selector ? '' : selector.requirements.map(requirementString).join(',');
}

// --- LabelSelectorAsSelector -------------------------------------------------------------------

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

const EXPRESSION_OPERATORS: Partial<Record<string, Operator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** A null selector selects nothing; an empty one selects everything. */
export function labelSelectorFromObject(
  selector: LabelSelector | null | undefined,
): Selector | ParseError {
  if (selector === null || selector === undefined) return nothing();
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const r = newRequirement(key, '=', [value]);
    if ('error' in r) return r;
    requirements.push(r);
  }
  for (const expression of selector.matchExpressions ?? []) {
    const operator = EXPRESSION_OPERATORS[expression.operator];
    if (operator === undefined) {
      return { error: `${goQuote(expression.operator)} is not a valid label selector operator` };
    }
    const r = newRequirement(expression.key, operator, [...(expression.values ?? [])]);
    if ('error' in r) return r;
    requirements.push(r);
  }
  return { requirements: byKey(requirements) };
}

// --- the selector language: lexer -------------------------------------------------------------

// Symbols and keywords are their own tokens.
const KEYWORDS = [')', ',', '!', '==', '=', '>', 'in', '<', '!=', 'notin', '('] as const;
type Keyword = (typeof KEYWORDS)[number];
type Token = Keyword | 'error' | 'end' | 'identifier';

interface ScannedItem {
  token: Token;
  literal: string;
}

const asKeyword = (text: string): Keyword | undefined => KEYWORDS.find((k) => k === text);

const isWhitespace = (ch: string): boolean =>
  ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

function scan(text: string): ScannedItem[] {
  const items: ScannedItem[] = [];
  let pos = 0;
  const at = (i: number): string => text[i] ?? '';
  for (;;) {
    while (isWhitespace(at(pos))) pos++;
    const ch = at(pos);
    if (ch === '') {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    const start = pos;
    if (isSpecialSymbol(ch)) {
      // Longest run of symbols that is still a token: `!=` but `=` then `>` for `=>`.
      let last: ScannedItem | undefined;
      while (isSpecialSymbol(at(pos))) {
        const token = asKeyword(text.slice(start, pos + 1));
        if (token !== undefined) last = { token, literal: text.slice(start, pos + 1) };
        else if (last !== undefined) break;
        pos++;
      }
      items.push(
        last ?? {
          token: 'error',
          literal: `error expected: keyword found '${text.slice(start, pos)}'`,
        },
      );
      continue;
    }
    while (at(pos) !== '' && !isSpecialSymbol(at(pos)) && !isWhitespace(at(pos))) pos++;
    const literal = text.slice(start, pos);
    items.push({ token: asKeyword(literal) ?? 'identifier', literal });
  }
}

// --- the selector language: parser ------------------------------------------------------------

class Parser {
  private position = 0;

  constructor(private readonly items: ScannedItem[]) {}

  // In value position `in` and `notin` are ordinary identifiers.
  private read(context: 'values' | 'operator', advance: boolean): ScannedItem {
    const item = this.items[this.position] ?? { token: 'end', literal: '' };
    if (advance) this.position++;
    const keyword = item.token === 'in' || item.token === 'notin';
    return context === 'values' && keyword ? { token: 'identifier', literal: item.literal } : item;
  }

  private lookahead = (context: 'values' | 'operator' = 'values') => this.read(context, false);
  private consume = (context: 'values' | 'operator' = 'values') => this.read(context, true);

  parse(): Requirement[] | ParseError {
    const requirements: Requirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead();
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== '!') {
        return { error: `found '${literal}', expected: !, identifier, or 'end of string'` };
      }
      const r = this.parseRequirement();
      if ('error' in r) return { error: `unable to parse requirement: ${r.error}` };
      requirements.push(r);
      const next = this.consume();
      if (next.token === 'end') return requirements;
      if (next.token !== ',') {
        return { error: `found '${next.literal}', expected: ',' or 'end of string'` };
      }
      const after = this.lookahead();
      if (after.token !== 'identifier' && after.token !== '!') {
        return { error: `found '${after.literal}', expected: identifier after ','` };
      }
    }
  }

  private parseRequirement(): Requirement | ParseError {
    let item = this.consume();
    const negated = item.token === '!';
    if (negated) item = this.consume();
    if (item.token !== 'identifier') {
      return { error: `found '${item.literal}', expected: identifier` };
    }
    const key = item.literal;
    // The parser has no field path, so the key error prints Go's nil path.
    const keyErr = keyError(key, '<nil>');
    if (keyErr) return { error: fieldErrorString(keyErr) };
    const next = this.lookahead().token;
    if (negated || next === 'end' || next === ',') {
      return newRequirement(key, negated ? '!' : 'exists', []);
    }
    const operator = this.parseOperator();
    if (typeof operator !== 'string') return operator;
    const values =
      operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    if ('error' in values) return values;
    return newRequirement(key, operator, [...values].sort());
  }

  private parseOperator(): Operator | ParseError {
    const { token, literal } = this.consume('operator');
    const operators: Partial<Record<Token, Operator>> = {
      in: 'in',
      '=': '=',
      '==': '==',
      '>': 'gt',
      '<': 'lt',
      notin: 'notin',
      '!=': '!=',
    };
    return (
      operators[token] ?? { error: `found '${literal}', expected: ${BINARY_OPERATORS.join(', ')}` }
    );
  }

  private parseValues(): Set<string> | ParseError {
    const open = this.consume();
    if (open.token !== '(') return { error: `found '${open.literal}' expected: '('` };
    const { token, literal } = this.lookahead();
    if (token === ')') {
      this.consume();
      return new Set(['']);
    }
    if (token !== 'identifier' && token !== ',') {
      return { error: `found '${literal}', expected: ',', ')' or identifier` };
    }
    const values = this.parseIdentifiersList();
    if ('error' in values) return values;
    // Upstream reports the token that followed '(' here, not the one it failed on.
    if (this.consume().token !== ')') return { error: `found '${literal}', expected: ')'` };
    return values;
  }

  // Empty entries (`(,a)`, `(a,)`, `(a,,b)`) stand for the empty value.
  private parseIdentifiersList(): Set<string> | ParseError {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume();
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead();
        if (next.token === ')') return values;
        if (next.token !== ',') {
          return { error: `found '${next.literal}', expected: ',' or ')'` };
        }
      } else if (token === ',') {
        if (values.size === 0) values.add('');
        const next = this.lookahead().token;
        if (next === ')') return values.add('');
        if (next === ',') {
          this.consume();
          values.add('');
        }
      } else {
        return { error: `found '${literal}', expected: ',', or identifier` };
      }
    }
  }

  private parseExactValue(): Set<string> | ParseError {
    const next = this.lookahead().token;
    if (next === 'end' || next === ',') return new Set(['']);
    const { token, literal } = this.consume();
    if (token === 'identifier') return new Set([literal]);
    return { error: `found '${literal}', expected: identifier` };
  }
}

/** labels.Parse: `a=b,c!=d,e in (f,g),!h,i>1`; requirements come back sorted by key. */
export function parseLabelSelector(text: string): Selector | ParseError {
  const requirements = new Parser(scan(text)).parse();
  if ('error' in requirements) return requirements;
  return { requirements: byKey(requirements) };
}
