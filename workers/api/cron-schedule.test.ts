import { describe, expect, it } from 'vitest';
import { formatRfc3339In, nextActivation } from './cron-schedule.ts';
import { parseStandardSchedule, type CronSchedule } from './cron.ts';

function schedule(text: string): CronSchedule {
  const parsed = parseStandardSchedule(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('nextActivation', () => {
  it.each([
    ['every 15 minutes', '*/15 * * * *', '2012-07-09T14:45:00Z', '2012-07-09T15:00:00.000Z'],
    [
      'the next minute boundary, never the same instant',
      '* * * * *',
      '2012-07-09T14:45:00Z',
      '2012-07-09T14:46:00.000Z',
    ],
    ['a minute already begun', '* * * * *', '2012-07-09T14:45:30.500Z', '2012-07-09T14:46:00.000Z'],
    ['yearly on 1 January', '0 0 1 1 *', '2012-07-09T14:45:00Z', '2013-01-01T00:00:00.000Z'],
    [
      'weekdays only, over a weekend',
      '0 9 * * mon-fri',
      '2025-01-03T10:00:00Z',
      '2025-01-06T09:00:00.000Z',
    ],
    [
      'day of month OR day of week when both are restricted',
      '0 0 13 * 5',
      '2025-01-01T00:00:00Z',
      '2025-01-03T00:00:00.000Z',
    ],
    [
      'day of week alone when day of month is *',
      '0 0 * * 5',
      '2025-01-04T00:00:00Z',
      '2025-01-10T00:00:00.000Z',
    ],
    [
      'the last day of a short month',
      '30 23 31 * *',
      '2025-02-01T00:00:00Z',
      '2025-03-31T23:30:00.000Z',
    ],
    [
      '29 February in the next leap year',
      '0 0 29 2 *',
      '2025-03-01T00:00:00Z',
      '2028-02-29T00:00:00.000Z',
    ],
    ['@hourly', '@hourly', '2025-01-01T10:59:59Z', '2025-01-01T11:00:00.000Z'],
    ['@weekly (Sunday midnight)', '@weekly', '2025-01-01T00:00:00Z', '2025-01-05T00:00:00.000Z'],
    ['@monthly', '@monthly', '2025-01-15T00:00:00Z', '2025-02-01T00:00:00.000Z'],
    [
      '@every 90s from the whole second',
      '@every 90s',
      '2025-01-01T00:00:00.700Z',
      '2025-01-01T00:01:30.000Z',
    ],
    [
      'a time zone in winter',
      'TZ=America/New_York 0 9 * * *',
      '2025-01-01T00:00:00Z',
      '2025-01-01T14:00:00.000Z',
    ],
    [
      'a time zone in summer',
      'TZ=America/New_York 0 9 * * *',
      '2025-07-01T00:00:00Z',
      '2025-07-01T13:00:00.000Z',
    ],
    [
      'a half-hour zone',
      'CRON_TZ=Asia/Kolkata 0 0 * * *',
      '2025-01-01T00:00:00Z',
      '2025-01-01T18:30:00.000Z',
    ],
  ])('%s', (_case, text, after, expected) => {
    expect(iso(nextActivation(schedule(text), at(after)))).toBe(expected);
  });

  it('gives up (Go’s zero time) on a date that never comes', () => {
    expect(nextActivation(schedule('0 0 30 2 *'), at('2025-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('formatRfc3339In', () => {
  it.each([
    ['', '2025-01-15T09:00:00Z'],
    ['UTC', '2025-01-15T09:00:00Z'],
    ['America/New_York', '2025-01-15T04:00:00-05:00'],
    ['Asia/Kolkata', '2025-01-15T14:30:00+05:30'],
  ])('formats in %j', (zone, expected) => {
    expect(formatRfc3339In(at('2025-01-15T09:00:00Z'), zone)).toBe(expected);
  });
});
