import { describe, expect, it } from 'vitest';
import { unmarshalObjectError } from './go-json.ts';

describe('unmarshalObjectError', () => {
  it.each(['{}', ' {"a": [1, -2.5e+3, true, null, "x\\u00e9"]} ', 'null'])('accepts %j', (text) => {
    expect(unmarshalObjectError(text)).toBeNull();
  });

  it.each([
    ['', 'unexpected end of JSON input'],
    ['{"a": 1', 'unexpected end of JSON input'],
    ['x', "invalid character 'x' looking for beginning of value"],
    ['{a: 1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a": 1 "b": 2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['{"a": 01}', "invalid character '1' after object key:value pair"],
    ['{"a": -x}', "invalid character 'x' in numeric literal"],
    ['{"a": 1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a": 1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a": tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a": nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a": "\\q"}', "invalid character 'q' in string escape code"],
    ['{"a": "\\u12x4"}', "invalid character 'x' in \\u hexadecimal character escape"],
    ['{"a": "\t"}', "invalid character '\\t' in string literal"],
    ["{'a': 1}", "invalid character '\\'' looking for beginning of object key string"],
    ['[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"s"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['12', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ])('explains %j as Go does', (text, message) => {
    expect(unmarshalObjectError(text)).toBe(message);
  });
});
