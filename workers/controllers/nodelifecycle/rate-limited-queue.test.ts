// The NoExecute tainting queue, after upstream's rate_limited_queue_test.go: unique values, a
// token bucket of burst 1 on virtual time, retries, and a limiter swapped to 0 that stops it.

import { describe, expect, it } from 'vitest';
import { RateLimitedTimedQueue } from './rate-limited-queue.ts';

const T0 = 1_000_000;

async function drain(queue: RateLimitedTimedQueue, now: number): Promise<string[]> {
  const processed: string[] = [];
  await queue.try(now, (entry) => {
    processed.push(entry.value);
    return Promise.resolve({ done: true });
  });
  return processed;
}

describe('RateLimitedTimedQueue', () => {
  it('adds a value once until it is removed', () => {
    const queue = new RateLimitedTimedQueue(0.1, T0);
    expect([queue.add('a', 'uid-a', T0), queue.add('a', 'uid-a', T0)]).toEqual([true, false]);
    expect(queue.remove('a')).toBe(true);
    expect(queue.add('a', 'uid-a', T0)).toBe(true);
  });

  it('processes one value per token: at 0.1 qps, the next one 10 s later', async () => {
    const queue = new RateLimitedTimedQueue(0.1, T0);
    for (const value of ['a', 'b', 'c']) queue.add(value, value, T0);
    expect(await drain(queue, T0)).toEqual(['a']);
    expect(await drain(queue, T0 + 9_999)).toEqual([]);
    expect(await drain(queue, T0 + 10_000)).toEqual(['b']);
    expect(await drain(queue, T0 + 30_000)).toEqual(['c']);
  });

  it('keeps a processed value in its set, so it is not queued again until removed', async () => {
    const queue = new RateLimitedTimedQueue(10, T0);
    queue.add('a', 'uid-a', T0);
    expect(await drain(queue, T0)).toEqual(['a']);
    expect(queue.add('a', 'uid-a', T0 + 1_000)).toBe(false);
    expect(queue.pending).toBe(false);
  });

  it('retries a value whose action failed after the delay it asked for', async () => {
    const queue = new RateLimitedTimedQueue(100, T0);
    queue.add('a', 'uid-a', T0);
    await queue.try(T0, () => Promise.resolve({ done: false, retryAfterMs: 50 }));
    expect(await drain(queue, T0 + 49)).toEqual([]);
    expect(await drain(queue, T0 + 100)).toEqual(['a']);
  });

  it('stops at rate 0, and swapped back starts drained: one token period later', async () => {
    const queue = new RateLimitedTimedQueue(0.1, T0);
    queue.add('a', 'uid-a', T0);
    queue.swapLimiter(0, T0);
    expect(await drain(queue, T0 + 60_000)).toEqual([]);
    queue.swapLimiter(0.1, T0 + 60_000);
    expect(await drain(queue, T0 + 60_000)).toEqual([]);
    expect(await drain(queue, T0 + 70_000)).toEqual(['a']);
  });
});
