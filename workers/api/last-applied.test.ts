import { describe, expect, it } from 'vitest';
import { goSortedJson } from './last-applied.ts';

describe('goSortedJson, as json.Marshal prints decoded JSON', () => {
  it.each<[string, unknown, string]>([
    [
      'sorts keys at every level',
      { b: 1, a: { d: [true, null], c: 'x' } },
      '{"a":{"c":"x","d":[true,null]},"b":1}',
    ],
    [
      'escapes HTML-sensitive characters',
      { cmd: 'a && b < c > d' },
      '{"cmd":"a \\u0026\\u0026 b \\u003c c \\u003e d"}',
    ],
    ['escapes the line and paragraph separators', ['\u2028\u2029'], '["\\u2028\\u2029"]'],
    ['leaves out undefined members', { a: undefined, b: 2 }, '{"b":2}'],
  ])('%s', (_case, value, expected) => {
    expect(goSortedJson(value)).toBe(expected);
  });
});
