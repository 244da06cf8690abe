import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../host/clock.ts';
import { flush } from '../host/testing.ts';
import { runWorkers, WorkQueue } from './workqueue.ts';

const T0 = 1_000_000;

/** A worker that takes every key as it comes, marks it done at once and remembers it. */
function collect(queue: WorkQueue): string[] {
  const taken: string[] = [];
  void (async () => {
    for (let key = await queue.get(); key !== null; key = await queue.get()) {
      taken.push(key);
      queue.done(key);
    }
  })();
  return taken;
}

function setup(): { clock: VirtualClock; queue: WorkQueue } {
  const clock = new VirtualClock(T0);
  return { clock, queue: new WorkQueue(clock) };
}

describe('WorkQueue', () => {
  it.each<[string, string[], string[]]>([
    ['hands out keys in the order they were added', ['b', 'a', 'c'], ['b', 'a', 'c']],
    ['queues a key once however often it is added', ['a', 'b', 'a', 'a', 'b'], ['a', 'b']],
    ['queues nothing when nothing was added', [], []],
  ])('%s', async (_name, adds, expected) => {
    const { queue } = setup();
    for (const key of adds) queue.add(key);
    const taken = collect(queue);
    await flush();
    expect(taken).toEqual(expected);
  });

  it('never hands a key out twice at once; a re-add during processing comes back after done', async () => {
    const { queue } = setup();
    queue.add('a');
    const first = await queue.get();
    expect(first).toBe('a');
    queue.add('a');
    queue.add('a');
    let second: string | null = null;
    void queue.get().then((key) => (second = key));
    await flush();
    expect(second).toBeNull();
    queue.done('a');
    await flush();
    expect(second).toBe('a');
    queue.done('a');
    const taken = collect(queue);
    await flush();
    expect(taken).toEqual([]);
  });

  it('hands a key added later to a worker already waiting', async () => {
    const { queue } = setup();
    const waiting = queue.get();
    queue.add('late');
    await expect(waiting).resolves.toBe('late');
  });

  it('keeps other keys flowing while one is being processed', async () => {
    const { queue } = setup();
    queue.add('a');
    expect(await queue.get()).toBe('a');
    queue.add('a');
    queue.add('b');
    expect(await queue.get()).toBe('b');
  });

  it('adds after a delay of virtual time, and at once for a delay of zero', async () => {
    const { clock, queue } = setup();
    const taken = collect(queue);
    queue.addAfter('later', 50);
    queue.addAfter('now', 0);
    await flush();
    expect(taken).toEqual(['now']);
    clock.advanceTo(T0 + 49);
    await flush();
    expect(taken).toEqual(['now']);
    clock.advanceTo(T0 + 50);
    await flush();
    expect(taken).toEqual(['now', 'later']);
  });

  it('backs a failing key off 5 ms, doubling, and counts its requeues', () => {
    const { clock, queue } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      queue.addRateLimited('a');
      const due = clock.nextDue();
      if (due === null) throw new Error('no timer');
      delays.push(due - clock.now());
      clock.advanceTo(due);
    }
    expect(delays).toEqual([5, 10, 20, 40, 80]);
    expect(queue.numRequeues('a')).toBe(5);
  });

  it('starts over at 5 ms after forget', () => {
    const { clock, queue } = setup();
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
    clock.advanceTo(T0 + 100);
    queue.addRateLimited('a');
    expect(clock.nextDue()).toBe(T0 + 105);
  });

  it('keeps separate back-offs per key', () => {
    const { clock, queue } = setup();
    queue.addRateLimited('a');
    queue.addRateLimited('a');
    queue.addRateLimited('b');
    clock.advanceTo(T0 + 5);
    expect(queue.numRequeues('a')).toBe(2);
    expect(queue.numRequeues('b')).toBe(1);
  });

  it('caps the per-key back-off at 1000 s', () => {
    const { clock, queue } = setup();
    const delays: number[] = [];
    for (let i = 0; i < 21; i++) {
      queue.addRateLimited('a');
      const due = clock.nextDue() ?? 0;
      delays.push(due - clock.now());
      clock.advanceTo(due);
    }
    expect(delays.slice(16)).toEqual([327_680, 655_360, 1_000_000, 1_000_000, 1_000_000]);
  });

  it('holds the whole queue to a burst of 100, then 10 per second', () => {
    const { clock, queue } = setup();
    for (let i = 0; i < 100; i++) queue.addRateLimited(`key-${i}`);
    expect(clock.nextDue()).toBe(T0 + 5);
    clock.advanceTo(T0 + 5);
    queue.addRateLimited('over-1');
    queue.addRateLimited('over-2');
    // 100 tokens spent at T0; 5 ms later 0.05 came back, so the next two wait ~95 ms and ~195 ms.
    const due: number[] = [];
    while (clock.nextDue() !== null) {
      const next = clock.nextDue() ?? 0;
      due.push(next - T0);
      clock.advanceTo(next);
    }
    expect(due).toEqual([100, 200]);
  });

  it('answers waiting workers with null and ignores adds once shut down', async () => {
    const { queue } = setup();
    const waiting = queue.get();
    queue.shutDown();
    await expect(waiting).resolves.toBeNull();
    queue.add('a');
    await expect(queue.get()).resolves.toBeNull();
  });
});

describe('runWorkers', () => {
  it('retries a failing sync with back-off and forgets the key once it succeeds', async () => {
    const { clock, queue } = setup();
    const calls: string[] = [];
    let failuresLeft = 2;
    runWorkers(queue, 2, (key) => {
      calls.push(`${key}@${clock.now() - T0}`);
      if (key === 'bad' && failuresLeft-- > 0) return Promise.reject(new Error('conflict'));
      return Promise.resolve();
    });
    queue.add('bad');
    queue.add('good');
    await flush();
    expect(calls).toEqual(['bad@0', 'good@0']);
    clock.advanceTo(T0 + 5);
    await flush();
    clock.advanceTo(T0 + 15);
    await flush();
    expect(calls).toEqual(['bad@0', 'good@0', 'bad@5', 'bad@15']);
    expect(queue.numRequeues('bad')).toBe(0);
    expect(clock.nextDue()).toBeNull();
  });

  it('never syncs one key in two workers at once', async () => {
    const { queue } = setup();
    let running = 0;
    let most = 0;
    let release: () => void = () => undefined;
    runWorkers(queue, 3, async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => (release = resolve));
      running--;
    });
    queue.add('a');
    await flush();
    queue.add('a');
    queue.add('a');
    await flush();
    expect(running).toBe(1);
    release();
    await flush();
    release();
    await flush();
    expect(most).toBe(1);
  });
});
