// Models k8s.io/apimachinery pkg/fields/selector.go (ParseSelector, term matching, String) and
// requirements.go. Leaves out Transform (the apiserver rewrites field names itself) and
// RequiresExactMatch; a NothingSelector is not needed since nothing parses to it.

import type { ParseError } from './errors.ts';

export interface FieldRequirement {
  field: string;
  /** `==` is read as `=`, as upstream. */
  operator: '=' | '!=';
  value: string;
}

/** An AND of terms; none matches every object. */
export interface FieldSelector {
  terms: FieldRequirement[];
}

export type Fields = Readonly<Record<string, string>>;

/** fields.EscapeValue: `\`, `,` and `=` inside a value are backslash-escaped. */
export function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (ch) => `\\${ch}`);
}

/** fields.UnescapeValue. */
export function unescapeValue(value: string): string | ParseError {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let inSlash = false;
  for (const ch of value) {
    if (inSlash) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') {
        return { error: `invalid field selector: invalid escape sequence: \\${ch}` };
      }
      out += ch;
      inSlash = false;
    } else if (ch === '\\') {
      inSlash = true;
    } else if (ch === ',' || ch === '=') {
      // Upstream formats the rune with %v, which prints its code point.
      return {
        error: `invalid field selector: unescaped character in value: ${ch.codePointAt(0) ?? 0}`,
      };
    } else {
      out += ch;
    }
  }
  return inSlash ? { error: 'invalid field selector: invalid escape sequence: \\' } : out;
}

// Splits on commas that are not escaped.
function splitTerms(text: string): string[] {
  if (text === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inSlash) inSlash = false;
    else if (ch === '\\') inSlash = true;
    else if (ch === ',') {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms;
}

// The first operator found scanning left to right wins; `!=` and `==` before `=`.
function splitTerm(term: string): [string, '=' | '==' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/**
 * fields.ParseSelector: `f=v`, `f==v`, `f!=v` joined by `,`. Terms are sorted as text, and a
 * term with neither field nor value (`=`) drops out, as upstream's identity Transform does.
 */
export function parseFieldSelector(text: string): FieldSelector | ParseError {
  const terms: FieldRequirement[] = [];
  for (const part of splitTerms(text).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (split === undefined) {
      return { error: `invalid selector: '${text}'; can't understand '${part}'` };
    }
    const [fieldName, op, rawValue] = split;
    const value = unescapeValue(rawValue);
    if (typeof value !== 'string') return value;
    if (fieldName === '' && value === '') continue;
    terms.push({ field: fieldName, operator: op === '!=' ? '!=' : '=', value });
  }
  return { terms };
}

/** A field the object does not expose reads as ''. */
export function matchesFields(selector: FieldSelector, fields: Fields): boolean {
  return selector.terms.every((term) => {
    const actual = Object.hasOwn(fields, term.field) ? fields[term.field] : '';
    return term.operator === '=' ? actual === term.value : actual !== term.value;
  });
}

/** The terms in selector order; the apiserver checks each field name against the kind's list. */
export function requirements(selector: FieldSelector): FieldRequirement[] {
  return selector.terms;
}

export function isEmptyFieldSelector(selector: FieldSelector): boolean {
  return selector.terms.length === 0;
}

/** Selector.String(): `f=v,g!=w` with values escaped. */
export function fieldSelectorString(selector: FieldSelector): string {
  return selector.terms.map((t) => `${t.field}${t.operator}${escapeValue(t.value)}`).join(',');
}

export function oneTermEqualSelector(fieldName: string, value: string): FieldSelector {
  return { terms: [{ field: fieldName, operator: '=', value }] };
}
