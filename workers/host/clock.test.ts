import { describe, expect, it } from 'vitest';
import { DEFAULT_EPOCH_MS, VirtualClock } from './clock.ts';

const T0 = 1_000_000;

/** A clock at T0 and a log the timers write their names to. */
function clockWithLog(): {
  clock: VirtualClock;
  fired: string[];
  at: (name: string) => () => void;
} {
  const clock = new VirtualClock(T0);
  const fired: string[] = [];
  return { clock, fired, at: (name) => () => fired.push(`${name}@${clock.now() - T0}`) };
}

describe('VirtualClock', () => {
  it('starts at 2025-01-01T00:00:00Z unless told otherwise', () => {
    expect(new Date(new VirtualClock().now()).toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(DEFAULT_EPOCH_MS).toBe(Date.UTC(2025, 0, 1));
    expect(new VirtualClock(42).now()).toBe(42);
  });

  it.each<[string, [string, number][], number, string[]]>([
    [
      'fires only timers that are due',
      [
        ['a', 10],
        ['b', 20],
      ],
      15,
      ['a@15'],
    ],
    ['fires a timer exactly at its due time', [['a', 10]], 10, ['a@10']],
    [
      'fires in due order, not creation order',
      [
        ['late', 30],
        ['early', 10],
        ['mid', 20],
      ],
      30,
      ['early@30', 'mid@30', 'late@30'],
    ],
    [
      'breaks ties on the due time by creation order',
      [
        ['first', 10],
        ['second', 10],
        ['third', 10],
      ],
      10,
      ['first@10', 'second@10', 'third@10'],
    ],
    ['treats a negative delay as zero', [['now', -5]], 0, ['now@0']],
    ['fires nothing before anything is due', [['a', 10]], 9, []],
  ])('%s', (_name, timers, advance, expected) => {
    const { clock, fired, at } = clockWithLog();
    for (const [name, delay] of timers) clock.setTimeout(at(name), delay);
    clock.advanceTo(T0 + advance);
    expect(fired).toEqual(expected);
    expect(clock.now()).toBe(T0 + advance);
  });

  it('makes timers created by a callback wait for the next advance, even when already due', () => {
    const { clock, fired, at } = clockWithLog();
    clock.setTimeout(() => {
      fired.push('outer');
      clock.setTimeout(at('inner-zero'), 0);
      clock.setTimeout(at('inner-past'), -100);
    }, 10);
    expect(clock.advanceTo(T0 + 10)).toBe(1);
    expect(fired).toEqual(['outer']);
    expect(clock.nextDue()).toBe(T0 + 10);
    clock.advanceTo(T0 + 10);
    expect(fired).toEqual(['outer', 'inner-zero@10', 'inner-past@10']);
  });

  it('does not fire a cleared timer', () => {
    const { clock, fired, at } = clockWithLog();
    const handle = clock.setTimeout(at('cleared'), 10);
    clock.setTimeout(at('kept'), 10);
    clock.clearTimeout(handle);
    clock.advanceTo(T0 + 10);
    expect(fired).toEqual(['kept@10']);
  });

  it('does not fire a due timer that an earlier callback of the same advance cleared', () => {
    const { clock, fired, at } = clockWithLog();
    let victim = { id: -1 };
    clock.setTimeout(() => {
      fired.push('killer');
      clock.clearTimeout(victim);
    }, 5);
    victim = clock.setTimeout(at('victim'), 10);
    expect(clock.advanceTo(T0 + 10)).toBe(1);
    expect(fired).toEqual(['killer']);
  });

  it('ignores clearing a timer that already fired or never existed', () => {
    const { clock, fired, at } = clockWithLog();
    const handle = clock.setTimeout(at('once'), 1);
    clock.advanceTo(T0 + 1);
    clock.clearTimeout(handle);
    clock.clearTimeout({ id: 999 });
    clock.advanceTo(T0 + 2);
    expect(fired).toEqual(['once@1']);
  });

  it('resolves sleep once virtual time has passed the delay', async () => {
    const clock = new VirtualClock(T0);
    let woke: number | null = null;
    const sleeping = clock.sleep(250).then(() => (woke = clock.now()));
    clock.advanceTo(T0 + 249);
    await Promise.resolve();
    expect(woke).toBeNull();
    clock.advanceTo(T0 + 300);
    await sleeping;
    expect(woke).toBe(T0 + 300);
  });

  it.each<[string, number[], number[], number | null]>([
    ['reports null when no timer is pending', [], [], null],
    ['reports the earliest pending due time', [30, 10, 20], [], T0 + 10],
    ['skips cleared timers', [10, 20], [0], T0 + 20],
    ['reports null once every timer was cleared', [10], [0], null],
  ])('nextDue %s', (_name, delays, cleared, expected) => {
    const clock = new VirtualClock(T0);
    const handles = delays.map((delay) => clock.setTimeout(() => undefined, delay));
    for (const index of cleared) {
      const handle = handles[index];
      if (handle) clock.clearTimeout(handle);
    }
    expect(clock.nextDue()).toBe(expected);
  });

  it('forgets fired timers in nextDue', () => {
    const clock = new VirtualClock(T0);
    clock.setTimeout(() => undefined, 10);
    clock.advanceTo(T0 + 10);
    expect(clock.nextDue()).toBeNull();
  });

  it('refuses to move time back and keeps its time', () => {
    const clock = new VirtualClock(T0);
    clock.advanceTo(T0 + 100);
    expect(() => clock.advanceTo(T0 + 99)).toThrow(
      `virtual time cannot go back from ${T0 + 100} to ${T0 + 99}`,
    );
    expect(clock.now()).toBe(T0 + 100);
  });

  it('allows advancing to the current time, which fires what is due now', () => {
    const { clock, fired, at } = clockWithLog();
    clock.setTimeout(at('zero'), 0);
    clock.advanceTo(T0);
    expect(fired).toEqual(['zero@0']);
  });
});
