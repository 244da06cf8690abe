import { describe, expect, it } from 'vitest';
import { formatGoTime, parseGoTime, RFC3339, RFC3339_MICRO, type TimeLayout } from './go-values.ts';

describe('parseGoTime', () => {
  it.each<[string, TimeLayout, string]>([
    ['2025-01-15T10:04:05Z', RFC3339, '2025-01-15T10:04:05Z'],
    ['2025-01-15T10:04:05.5-01:30', RFC3339, '2025-01-15T11:34:05Z'],
    ['2025-01-15T10:04:05.123456Z', RFC3339_MICRO, '2025-01-15T10:04:05.123456Z'],
    ['2025-01-15T10:04:05.000001+00:00', RFC3339_MICRO, '2025-01-15T10:04:05.000001Z'],
  ])('reads %s', (value, layout, formatted) => {
    const parsed = parseGoTime(value, layout);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(formatGoTime(parsed, layout)).toBe(formatted);
  });

  it.each<[string, TimeLayout, string]>([
    ['', RFC3339, 'parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"'],
    [
      '2025-1-15T10:04:05Z',
      RFC3339,
      'parsing time "2025-1-15T10:04:05Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-15T10:04:05Z" as "01"',
    ],
    [
      '2025-01-15 10:04:05Z',
      RFC3339,
      'parsing time "2025-01-15 10:04:05Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 10:04:05Z" as "T"',
    ],
    ['2025-13-15T10:04:05Z', RFC3339, 'parsing time "2025-13-15T10:04:05Z": month out of range'],
    ['2025-02-30T10:04:05Z', RFC3339, 'parsing time "2025-02-30T10:04:05Z": day out of range'],
    ['2025-01-15T24:04:05Z', RFC3339, 'parsing time "2025-01-15T24:04:05Z": hour out of range'],
    [
      '2025-01-15T10:04:05',
      RFC3339,
      'parsing time "2025-01-15T10:04:05" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    ],
    [
      '2025-01-15T10:04:05Zjunk',
      RFC3339,
      'parsing time "2025-01-15T10:04:05Zjunk": extra text: "junk"',
    ],
    [
      '2025-01-15T10:04:05.12Z',
      RFC3339_MICRO,
      'parsing time "2025-01-15T10:04:05.12Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".12Z" as ".000000"',
    ],
  ])('rejects %j as Go does', (value, layout, error) => {
    expect(parseGoTime(value, layout)).toEqual({ error });
  });
});
