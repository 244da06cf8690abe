// Upstream's FNV-32a test vectors, rand.SafeEncodeString's alphabet, and what the hash must keep:
// independence from key order, and a new value per collision count.

import { describe, expect, it } from 'vitest';
import { computeHash, fnv32a, safeEncodeString } from './hash.ts';

describe('pod-template-hash', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('FNV-32a of %j is %i', (text, expected) => {
    expect(fnv32a(new TextEncoder().encode(text))).toBe(expected);
  });

  it.each([
    ['', ''],
    ['0123456789', '456789bcdf'],
    ['a', 'v'],
  ])('SafeEncodeString(%j) is %j', (text, expected) => {
    expect(safeEncodeString(text)).toBe(expected);
  });

  it('is stable for a template, whatever its key order, and moves with the collision count', () => {
    const template = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const reordered = {
      spec: { containers: [{ image: 'nginx', name: 'c' }] },
      metadata: { labels: { app: 'web' } },
    };
    expect(computeHash(template)).toBe(computeHash(reordered));
    expect(computeHash(template)).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(template, 1)).not.toBe(computeHash(template));
    expect(computeHash(template, 0)).not.toBe(computeHash(template));
  });
});
