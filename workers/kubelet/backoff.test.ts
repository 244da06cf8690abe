import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';

describe('Backoff (flowcontrol.Backoff as the kubelet uses it)', () => {
  it('starts at 10 s and doubles up to 5 minutes', () => {
    const backoff = new Backoff();
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      backoff.next('c', i * 1000);
      seen.push(backoff.get('c'));
    }
    expect(seen).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it.each<[string, number, boolean]>([
    ['is in back-off right after the exit', 0, true],
    ['is in back-off just before it ends', 9_999, true],
    ['is out of back-off once it has passed', 10_000, false],
  ])('%s', (_name, elapsed, inBackoff) => {
    const backoff = new Backoff();
    backoff.next('c', 0);
    expect(backoff.isInBackOffSince('c', 5_000, 5_000 + elapsed)).toBe(inBackoff);
  });

  it('forgets an entry once an event comes more than 10 minutes after its last update', () => {
    const backoff = new Backoff();
    backoff.next('c', 0);
    backoff.next('c', 1_000);
    expect(backoff.get('c')).toBe(20_000);
    expect(backoff.isInBackOffSince('c', 601_001, 601_001)).toBe(false);
    backoff.next('c', 601_001);
    expect(backoff.get('c')).toBe(10_000);
  });

  it('keys entries apart', () => {
    const backoff = new Backoff();
    backoff.next('a', 0);
    expect(backoff.isInBackOffSince('b', 0, 0)).toBe(false);
    expect(backoff.isInBackOffSinceUpdate('a', 5_000)).toBe(true);
    expect(backoff.isInBackOffSinceUpdate('a', 10_000)).toBe(false);
  });
});
