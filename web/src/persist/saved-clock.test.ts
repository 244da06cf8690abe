import { describe, expect, it } from 'vitest';
import { clockToSave, sameSavedClock, type SavedClock } from './saved-clock.ts';

type Driver = Parameters<typeof clockToSave>[0];

describe('clockToSave', () => {
  it.each<[string, Driver, SavedClock, SavedClock]>([
    [
      'a fresh cluster booting at full speed saves the speed it will run at',
      null,
      { speed: 2, paused: false },
      { speed: 2, paused: false },
    ],
    [
      'a restored paused cluster catching up at full speed stays saved as paused',
      null,
      { speed: 1, paused: true },
      { speed: 1, paused: true },
    ],
    [
      'a cluster that is up saves the speed the learner set',
      { playing: true, speed: 'max' },
      { speed: 1, paused: false },
      { speed: 'max', paused: false },
    ],
    [
      'a paused clock is saved as paused',
      { playing: false, speed: 0.5 },
      { speed: 1, paused: false },
      { speed: 0.5, paused: true },
    ],
    [
      'playing again after a restored pause is saved as playing',
      { playing: true, speed: 1 },
      { speed: 1, paused: true },
      { speed: 1, paused: false },
    ],
  ])('%s', (_case, driver, atStart, saved) => {
    expect(clockToSave(driver, atStart)).toEqual(saved);
  });
});

describe('sameSavedClock', () => {
  it.each([
    [{ playing: true, speed: 1 }, { playing: true, speed: 1 }, true],
    [{ playing: true, speed: 1 }, { playing: false, speed: 1 }, false],
    [{ playing: true, speed: 1 }, { playing: true, speed: 'max' as const }, false],
  ])('%o and %o are the same for a save: %s', (a, b, same) => {
    expect(sameSavedClock(a, b)).toBe(same);
  });
});
