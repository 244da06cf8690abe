import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './wait-command.ts';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['-1s', -1000],
    ['2h45m', 9_900_000],
    ['soon', null],
    ['30', null],
    ['', null],
    ['1d', null],
  ])('%s → %s', (text, ms) => {
    expect(parseGoDuration(text)).toBe(ms);
  });
});
