import { describe, expect, it } from 'vitest';
import { isParseError } from './errors.ts';
import {
  escapeValue,
  fieldSelectorString,
  matchesFields,
  parseFieldSelector,
  requirements,
  unescapeValue,
  type FieldSelector,
  type Fields,
} from './fields.ts';

function parsed(text: string): FieldSelector {
  const selector = parseFieldSelector(text);
  if (isParseError(selector)) throw new Error(selector.error);
  return selector;
}

describe('parseFieldSelector', () => {
  // Upstream's TestSelectorParse good strings, printed back in canonical form.
  it.each([
    ['', ''],
    ['a=b', 'a=b'],
    ['a=b,c=d', 'a=b,c=d'],
    ['c=d,a=b', 'a=b,c=d'],
    ['a!=b', 'a!=b'],
    ['a==b', 'a=b'],
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['x=', 'x='],
    ['x=,z=', 'x=,z='],
    ['x=a\\,b', 'x=a\\,b'],
    ['x=a\\=b', 'x=a\\=b'],
    ['x=a\\\\b', 'x=a\\\\b'],
    ['=', ''],
    ['a=b,,c=d', 'a=b,c=d'],
  ])('parses %j and prints %j', (text, expected) => {
    expect(fieldSelectorString(parsed(text))).toBe(expected);
  });

  it.each([
    ['spec.nodeName=node-1', [{ field: 'spec.nodeName', operator: '=', value: 'node-1' }]],
    ['status.phase!=Running', [{ field: 'status.phase', operator: '!=', value: 'Running' }]],
    [
      'metadata.name==a,metadata.namespace=b',
      [
        { field: 'metadata.name', operator: '=', value: 'a' },
        { field: 'metadata.namespace', operator: '=', value: 'b' },
      ],
    ],
    ['a=x\\,y', [{ field: 'a', operator: '=', value: 'x,y' }]],
    [' a = b ', [{ field: ' a ', operator: '=', value: ' b ' }]],
  ])('exposes the requirements of %j', (text, expected) => {
    expect(requirements(parsed(text))).toEqual(expected);
  });

  it.each([
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['a=b,x', "invalid selector: 'a=b,x'; can't understand 'x'"],
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    // The first operator found wins, so the rest of `a!=b=c` is a value with a bare `=`.
    ['a!=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
  ])('rejects %j', (text, expected) => {
    expect(parseFieldSelector(text)).toEqual({ error: expected });
  });
});

describe('matchesFields', () => {
  const pod: Fields = {
    'metadata.name': 'web',
    'spec.nodeName': 'node-1',
    'status.phase': 'Running',
  };

  it.each<[string, Fields, boolean]>([
    ['', pod, true],
    ['spec.nodeName=node-1', pod, true],
    ['spec.nodeName==node-1', pod, true],
    ['spec.nodeName=node-2', pod, false],
    ['spec.nodeName!=node-2', pod, true],
    ['status.phase!=Running', pod, false],
    ['spec.nodeName=node-1,status.phase=Running', pod, true],
    ['spec.nodeName=node-1,status.phase=Pending', pod, false],
    // An absent field reads as the empty string.
    ['spec.schedulerName=', pod, true],
    ['spec.schedulerName!=', pod, false],
    ['spec.nodeName=', { 'spec.nodeName': '' }, true],
  ])('evaluates %j as %s', (text, fields, expected) => {
    expect(matchesFields(parsed(text), fields)).toBe(expected);
  });
});

describe('escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', 'a\\,b'],
    ['a=b', 'a\\=b'],
    ['a\\b', 'a\\\\b'],
  ])('escapes %j as %j and back', (value, escaped) => {
    expect(escapeValue(value)).toBe(escaped);
    expect(unescapeValue(escaped)).toBe(value);
  });
});
