import { describe, expect, it } from 'vitest';
import { isParseError } from './errors.ts';
import {
  labelSelectorFromObject,
  matchesLabels,
  newRequirement,
  parseLabelSelector,
  selectorString,
  type LabelSelector,
  type Labels,
  type Selector,
} from './labels.ts';

function parsed(text: string): Selector {
  const selector = parseLabelSelector(text);
  if (isParseError(selector)) throw new Error(selector.error);
  return selector;
}

const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('parseLabelSelector', () => {
  // Upstream's TestSelectorParse: the canonical form is the input without spaces.
  it.each([
    'x=a,y=b,z=c',
    '',
    'x!=a,y=b',
    'x=',
    'x= ',
    'x=,z= ',
    'x= ,z= ',
    '!x',
    'x>1',
    'x>1,z<5',
  ])('round-trips %j', (text) => {
    expect(selectorString(parsed(text))).toBe(text.replaceAll(' ', ''));
  });

  it.each([
    ['x=a,a=x', 'a=x,x=a'],
    ['a==b', 'a==b'],
    ['env in (prod, dev)', 'env in (dev,prod)'],
    ['env notin (b,a,b)', 'env notin (a,b)'],
    ['  tier  ,  !canary ', '!canary,tier'],
    ['k in ()', 'k in ()'],
    ['k in (,a)', 'k in (,a)'],
    ['in=notin', 'in=notin'],
  ])('canonicalises %j as %j (sorted by key)', (text, expected) => {
    expect(selectorString(parsed(text))).toBe(expected);
  });

  it.each([
    [
      'x=a||y=b',
      `unable to parse requirement: values[0][x]: Invalid value: "a||y": ${LABEL_VALUE_MSG}`,
    ],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    [
      'x<a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['-x=a', `unable to parse requirement: <nil>: Invalid value: "-x": ${NAME_PART_MSG}`],
    ['x=a,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x (a)', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['x y', "unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt"],
  ])('rejects %j with upstream error text', (text, expected) => {
    expect(parseLabelSelector(text)).toEqual({ error: expected });
  });
});

describe('matchesLabels', () => {
  const labelset: Labels = { foo: 'bar', baz: 'blah' };

  // Upstream's TestSelectorMatches.
  it.each<[string, Labels, boolean]>([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['x>1', { x: 'two' }, false],
    ['foo=bar', labelset, true],
    ['baz=blah', labelset, true],
    ['foo=bar,baz=blah', labelset, true],
    ['foo=blah', labelset, false],
    ['foo in (bar,qux)', labelset, true],
    ['foo notin (bar)', labelset, false],
    ['missing notin (bar)', labelset, true],
    ['missing!=bar', labelset, true],
    ['x', undefined, false],
    ['!x', undefined, true],
    ['toString', {}, false],
  ])('evaluates %j against %j as %s', (text, labels, expected) => {
    expect(matchesLabels(parsed(text), labels)).toBe(expected);
  });
});

describe('labelSelectorFromObject', () => {
  it.each<[string, LabelSelector | null | undefined, Labels, boolean]>([
    ['a null selector matches nothing', null, { app: 'web' }, false],
    ['an undefined selector matches nothing', undefined, {}, false],
    ['an empty selector matches everything', {}, { app: 'web' }, true],
    ['empty lists match everything', { matchLabels: {}, matchExpressions: [] }, {}, true],
    [
      'matchLabels must all be equal',
      { matchLabels: { app: 'web', tier: 'fe' } },
      { app: 'web', tier: 'fe', x: 'y' },
      true,
    ],
    [
      'matchLabels fail on a different value',
      { matchLabels: { app: 'web' } },
      { app: 'db' },
      false,
    ],
    [
      'In',
      { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] },
      { env: 'dev' },
      true,
    ],
    [
      'NotIn',
      { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      { env: 'prod' },
      false,
    ],
    ['Exists', { matchExpressions: [{ key: 'env', operator: 'Exists' }] }, { env: '' }, true],
    [
      'DoesNotExist',
      { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
      { env: 'x' },
      false,
    ],
  ])('%s', (_name, selector, labels, expected) => {
    const result = labelSelectorFromObject(selector);
    if (isParseError(result)) throw new Error(result.error);
    expect(matchesLabels(result, labels)).toBe(expected);
  });

  it('prints requirements sorted by key, values sorted', () => {
    const result = labelSelectorFromObject({
      matchLabels: { tier: 'fe', app: 'web' },
      matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['b', 'a'] }],
    });
    expect(isParseError(result) ? result.error : selectorString(result)).toBe(
      'app=web,env notin (a,b),tier=fe',
    );
  });

  it.each<[string, LabelSelector, string]>([
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] },
      '"Gt" is not a valid label selector operator',
    ],
    [
      'In without values',
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    ],
    ['a bad key', { matchLabels: { '-a': 'x' } }, `key: Invalid value: "-a": ${NAME_PART_MSG}`],
    [
      'a bad value',
      { matchLabels: { a: '-x' } },
      `values[0][a]: Invalid value: "-x": ${LABEL_VALUE_MSG}`,
    ],
    [
      'several errors at once',
      { matchExpressions: [{ key: '-a', operator: 'In' }] },
      `[key: Invalid value: "-a": ${NAME_PART_MSG}, values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty]`,
    ],
  ])('rejects %s', (_name, selector, expected) => {
    expect(labelSelectorFromObject(selector)).toEqual({ error: expected });
  });
});

describe('newRequirement', () => {
  it.each([
    [
      'gt',
      ['1', '2'],
      'values: Invalid value: []string{"1", "2"}: for \'Gt\', \'Lt\' operators, exactly one value is required',
    ],
    [
      '=',
      ['a', 'b'],
      'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value',
    ],
  ] as const)('checks the value count of %s', (operator, values, expected) => {
    expect(newRequirement('k', operator, [...values])).toEqual({ error: expected });
  });
});
