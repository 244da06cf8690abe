import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hexUpper, sha256, sha512 } from './sha.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('sha256 and sha512', () => {
  it.each([
    '',
    'abc',
    '/v1/Pod',
    'x'.repeat(55),
    'y'.repeat(56),
    'z'.repeat(111),
    'w'.repeat(112),
    'é'.repeat(1000),
  ])('digest %j as node:crypto does', (text) => {
    expect(hexUpper(sha256(encode(text)))).toBe(
      createHash('sha256').update(text).digest('hex').toUpperCase(),
    );
    expect(hexUpper(sha512(encode(text)))).toBe(
      createHash('sha512').update(text).digest('hex').toUpperCase(),
    );
  });
});
