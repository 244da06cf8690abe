import { describe, expect, it } from 'vitest';
import { deepFreeze } from './freeze.ts';

describe('deepFreeze', () => {
  it('freezes nested objects and arrays', () => {
    const value = deepFreeze({ metadata: { labels: { app: 'web' } }, items: [{ name: 'a' }] });
    expect(Object.isFrozen(value.metadata.labels)).toBe(true);
    expect(Object.isFrozen(value.items[0])).toBe(true);
  });

  it('leaves byte arrays, which cannot be frozen, as they are', () => {
    const body = new Uint8Array([0x6b, 0x38, 0x73, 0x00]);
    const message = deepFreeze({ request: { body } });
    expect(Object.isFrozen(message.request)).toBe(true);
    expect(message.request.body).toBe(body);
  });
});
