import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './go-base64.ts';

describe('decodeBase64', () => {
  it.each([
    ['', ''],
    ['aGVsbG8=', 'hello'],
    ['aGVsbG8h', 'hello!'],
    ['aGVs\nbG8=', 'hello'],
    ['aGVsbA==\r\n', 'hell'],
  ])('decodes %j', (text, expected) => {
    expect(new TextDecoder().decode(decodeBase64(text) as Uint8Array)).toBe(expected);
  });

  it.each([
    ['a', 0],
    ['ab', 0],
    ['abc', 0],
    ['ab!d', 2],
    ['a===', 1],
    ['ab=', 3],
    ['ab=c', 2],
    ['abc=d', 4],
    ['aGVsbG8=aGVs', 8],
    ['ü', 0],
  ])('reports %j at the byte Go reports', (text, offset) => {
    expect(decodeBase64(text)).toEqual({
      error: `illegal base64 data at input byte ${String(offset)}`,
    });
  });
});

describe('encodeBase64', () => {
  it.each([
    ['', ''],
    ['h', 'aA=='],
    ['he', 'aGU='],
    ['hel', 'aGVs'],
    ['é', 'w6k='],
  ])('encodes %j', (text, expected) => {
    expect(encodeBase64(new TextEncoder().encode(text))).toBe(expected);
  });
});
