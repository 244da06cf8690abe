import { describe, expect, it } from 'vitest';
import { parseGoDuration, parseStandardSchedule } from './cron.ts';

describe('parseStandardSchedule', () => {
  it.each([
    [
      'every five minutes',
      '*/5 * * * *',
      { minute: [0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55] },
    ],
    ['named weekdays', '0 9 * * mon-fri', { minute: [0], hour: [9], dayOfWeek: [1, 2, 3, 4, 5] }],
    ['named months and lists', '0 0 1 jan,Jul *', { dayOfMonth: [1], month: [1, 7] }],
    ['a start with a step', '10/20 * * * *', { minute: [10, 30, 50] }],
    ['? as a wildcard', '0 0 ? * *', { dayOfMonth: Array.from({ length: 31 }, (_, i) => i + 1) }],
  ])('parses %s', (_case, schedule, fields) => {
    const parsed = parseStandardSchedule(schedule);
    expect(parsed).toMatchObject({ fields });
  });

  it.each([
    ['@hourly', { descriptor: '@hourly' }],
    ['CRON_TZ=Europe/Paris @daily', { location: 'Europe/Paris', descriptor: '@daily' }],
    ['@every 1h30m', { every: 5_400_000_000_000n }],
  ])('parses the descriptor %s', (schedule, expected) => {
    expect(parseStandardSchedule(schedule)).toEqual(expected);
  });

  it.each([
    ['', 'empty spec string'],
    ['foo', 'expected exactly 5 fields, found 1: [foo]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 0 0 0 0', 'expected exactly 5 fields, found 6: [0 0 0 0 0 0]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['* 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['* * 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['* * * 13 *', 'end of range (13) above maximum (12): 13'],
    ['* * * * 7', 'end of range (7) above maximum (6): 7'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['*/-1 * * * *', 'negative number (-1) not allowed: -1'],
    ['a * * * *', 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ['-5 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    [
      '99999999999999999999 * * * *',
      'failed to parse int from 99999999999999999999: strconv.Atoi: parsing "99999999999999999999": value out of range',
    ],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['* * * foo *', 'failed to parse int from foo: strconv.Atoi: parsing "foo": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every', 'unrecognized descriptor: @every'],
    ['@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ['@every 5y', 'failed to parse duration @every 5y: time: unknown unit "y" in duration "5y"'],
    [
      'TZ=Mars/Olympus * * * * *',
      'provided bad location Mars/Olympus: unknown time zone Mars/Olympus',
    ],
    ['TZ=../etc * * * * *', 'provided bad location ../etc: time: invalid location name'],
  ])("refuses %j with robfig/cron's words", (schedule, error) => {
    expect(parseStandardSchedule(schedule)).toEqual({ error });
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['1h30m', 5_400_000_000_000n],
    ['-1.5s', -1_500_000_000n],
    ['.5ms', 500_000n],
    ['+0', 0n],
    ['1µs2ns', 1002n],
  ])('parses %s', (text, nanoseconds) => {
    expect(parseGoDuration(text)).toBe(nanoseconds);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['.s', 'time: invalid duration ".s"'],
    ['3', 'time: missing unit in duration "3"'],
    ['3 s', 'time: unknown unit " s" in duration "3 s"'],
    ['9999999999h', 'time: invalid duration "9999999999h"'],
  ])('refuses %j as Go does', (text, error) => {
    expect(parseGoDuration(text)).toEqual({ error });
  });
});
