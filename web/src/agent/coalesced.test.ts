import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesced.ts';

/** A task whose runs finish when the test says, recording when each began. */
function gatedTask(): { run: () => Promise<void>; started: number; finish: () => void } {
  const gates: (() => void)[] = [];
  const task = {
    started: 0,
    run: () => {
      task.started++;
      return new Promise<void>((resolve) => gates.push(resolve));
    },
    finish: () => {
      gates.shift()?.();
    },
  };
  return task;
}

describe('coalesced runs', () => {
  it.each([
    ['one request', 1, 1],
    ['two requests during a run', 2, 2],
    ['five requests during a run', 5, 2],
  ])('%s: runs %i time(s) one after another', async (_name, requests, runs) => {
    const task = gatedTask();
    const trigger = coalesced(task.run);
    const done = Array.from({ length: requests }, () => trigger());
    expect(task.started).toBe(1);

    for (let i = 0; i < runs; i++) {
      await Promise.resolve();
      task.finish();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(done);
    expect(task.started).toBe(runs);
  });

  it('runs again after a failed run when asked meanwhile, and starts afresh after', async () => {
    const outcomes = [new Error('the list failed'), null, new Error('gone'), null];
    let calls = 0;
    const trigger = coalesced(() => {
      const outcome = outcomes[calls++];
      return outcome ? Promise.reject(outcome) : Promise.resolve();
    });
    await Promise.all([trigger(), trigger()]);
    expect(calls).toBe(2);
    await expect(trigger()).rejects.toThrow('gone');
    await trigger();
    expect(calls).toBe(4);
  });
});
