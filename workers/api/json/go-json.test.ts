import { describe, expect, it } from 'vitest';
import { jsonNodeOf, jsonValueOf, parseGoJson } from './go-json.ts';

describe('parseGoJson', () => {
  it.each([
    ['', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['{"a":', 'unexpected end of JSON input'],
    ['{"a":1,}', `invalid character '}' looking for beginning of object key string`],
    ['{a:1}', `invalid character 'a' looking for beginning of object key string`],
    ['{"a" 1}', `invalid character '1' after object key`],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1,]', `invalid character ']' looking for beginning of value`],
    ['[1 2]', `invalid character '2' after array element`],
    ['{} x', `invalid character 'x' after top-level value`],
    ['{"a":1}}', `invalid character '}' after top-level value`],
    ['01', `invalid character '1' after top-level value`],
    ['trux', `invalid character 'x' in literal true (expecting 'e')`],
    ['nil', `invalid character 'i' in literal null (expecting 'u')`],
    ['-x', `invalid character 'x' in numeric literal`],
    ['1.x', `invalid character 'x' after decimal point in numeric literal`],
    ['1ex', `invalid character 'x' in exponent of numeric literal`],
    ['"a\\x"', `invalid character 'x' in string escape code`],
    ['"\\u12g4"', `invalid character 'g' in \\u hexadecimal character escape`],
    ['"a\nb"', `invalid character '\\n' in string literal`],
    ["'x'", `invalid character '\\'' looking for beginning of value`],
    ['apiVersion: v1', `invalid character 'a' looking for beginning of value`],
    ['\u00e9', `invalid character 'Ã' looking for beginning of value`],
  ])('rejects %j as Go does: %s', (text, message) => {
    expect(() => parseGoJson(text)).toThrow(message);
  });

  it('keeps every key in order, duplicates included, and numbers as written', () => {
    expect(parseGoJson('{"b":1.50,"a":[true,null],"b":"x"}')).toEqual({
      type: 'object',
      entries: [
        ['b', { type: 'number', text: '1.50' }],
        [
          'a',
          {
            type: 'array',
            items: [{ type: 'bool', value: true }, { type: 'null' }],
          },
        ],
        ['b', { type: 'string', value: 'x' }],
      ],
    });
  });

  it('decodes escapes and multi-byte text', () => {
    expect(jsonValueOf(parseGoJson('"caf\\u00e9 \u00e9\\n"'))).toBe('café é\n');
  });

  it('round-trips plain values, the last duplicate winning', () => {
    expect(jsonValueOf(parseGoJson('{"a":1,"a":{"b":[1e3,-0.5]}}'))).toEqual({
      a: { b: [1000, -0.5] },
    });
    expect(jsonNodeOf({ n: 3, f: 0.5, s: 'x', skip: undefined })).toEqual({
      type: 'object',
      entries: [
        ['n', { type: 'number', text: '3' }],
        ['f', { type: 'number', text: '0.5' }],
        ['s', { type: 'string', value: 'x' }],
      ],
    });
  });
});
