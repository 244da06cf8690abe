// Activation times of a parsed cron schedule: github.com/robfig/cron/v3 spec.go
// (SpecSchedule.Next: the next matching second after t, in the schedule's location, giving up
// after five years) and constantdelay.go (`@every`). Wall-clock fields in a time zone come from
// the runtime's ICU data; a schedule without a location runs in UTC, as kube-controller-manager
// does in its container.

import type { CronFields, CronSchedule } from './cron.ts';

const ALL_DAYS_OF_MONTH = Array.from({ length: 31 }, (_, i) => i + 1);
const ALL_DAYS_OF_WEEK = [0, 1, 2, 3, 4, 5, 6];
const ALL_MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const ALL_HOURS = Array.from({ length: 24 }, (_, i) => i);

const star = { dayOfMonthStar: true, dayOfWeekStar: true };
/** parseDescriptor's SpecSchedules. */
const DESCRIPTOR_FIELDS: Record<string, CronFields> = {
  '@yearly': {
    minute: [0],
    hour: [0],
    dayOfMonth: [1],
    month: [1],
    dayOfWeek: ALL_DAYS_OF_WEEK,
    dayOfMonthStar: false,
    dayOfWeekStar: true,
  },
  '@monthly': {
    minute: [0],
    hour: [0],
    dayOfMonth: [1],
    month: ALL_MONTHS,
    dayOfWeek: ALL_DAYS_OF_WEEK,
    dayOfMonthStar: false,
    dayOfWeekStar: true,
  },
  '@weekly': {
    minute: [0],
    hour: [0],
    dayOfMonth: ALL_DAYS_OF_MONTH,
    month: ALL_MONTHS,
    dayOfWeek: [0],
    dayOfMonthStar: true,
    dayOfWeekStar: false,
  },
  '@daily': {
    minute: [0],
    hour: [0],
    dayOfMonth: ALL_DAYS_OF_MONTH,
    month: ALL_MONTHS,
    dayOfWeek: ALL_DAYS_OF_WEEK,
    ...star,
  },
  '@hourly': {
    minute: [0],
    hour: ALL_HOURS,
    dayOfMonth: ALL_DAYS_OF_MONTH,
    month: ALL_MONTHS,
    dayOfWeek: ALL_DAYS_OF_WEEK,
    ...star,
  },
};
DESCRIPTOR_FIELDS['@annually'] = DESCRIPTOR_FIELDS['@yearly'] as CronFields;
DESCRIPTOR_FIELDS['@midnight'] = DESCRIPTOR_FIELDS['@daily'] as CronFields;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall clock at `ms` in `zone` (UTC when the zone is empty, UTC or Local). */
function wallClock(ms: number, zone: string): WallClock {
  if (zone === '' || zone === 'UTC' || zone === 'Local') {
    const date = new Date(ms);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      weekday: date.getUTCDay(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(ms)))
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const fields = {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
  const weekday = new Date(Date.UTC(fields.year, fields.month - 1, fields.day)).getUTCDay();
  return { ...fields, weekday };
}

function offsetAt(ms: number, zone: string): number {
  const wall = wallClock(ms, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** time.Date in a zone: months and days past their range roll over, as Go normalizes them. */
function zonedDate(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
): number {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  return guess - offsetAt(guess - offsetAt(guess, zone), zone);
}

function dayMatches(fields: CronFields, wall: WallClock): boolean {
  const domMatch = fields.dayOfMonth.includes(wall.day);
  const dowMatch = fields.dayOfWeek.includes(wall.weekday);
  if (fields.dayOfMonthStar || fields.dayOfWeekStar) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/**
 * SpecSchedule.Next for the standard parser's fields, whose second is always 0: from the next
 * whole minute, skip to the next matching month, day, hour and minute in the zone's wall clock.
 */
function nextForFields(fields: CronFields, afterMs: number, zone: string): number | null {
  let t = Math.floor(afterMs / 60_000) * 60_000 + 60_000;
  const yearLimit = wallClock(t, zone).year + 5;
  for (;;) {
    const wall = wallClock(t, zone);
    if (wall.year > yearLimit) return null;
    if (!fields.month.includes(wall.month)) t = zonedDate(zone, wall.year, wall.month + 1, 1);
    else if (!dayMatches(fields, wall)) t = zonedDate(zone, wall.year, wall.month, wall.day + 1);
    else if (!fields.hour.includes(wall.hour)) t += (60 - wall.minute) * 60_000;
    else if (!fields.minute.includes(wall.minute)) t += 60_000;
    else return t;
  }
}

/** The first activation strictly after `afterMs`, or null (Go's zero time) when none comes. */
export function nextActivation(schedule: CronSchedule, afterMs: number): number | null {
  if ('every' in schedule) {
    // Every: at least a second, rounded down to whole seconds.
    const delayMs = Math.max(1000, Math.floor(Number(schedule.every / 1_000_000_000n)) * 1000);
    return Math.floor(afterMs / 1000) * 1000 + delayMs;
  }
  const fields = 'fields' in schedule ? schedule.fields : DESCRIPTOR_FIELDS[schedule.descriptor];
  if (!fields) return null;
  return nextForFields(fields, afterMs, schedule.location ?? '');
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, '0');
}

/** time.Time.Format(time.RFC3339) in a zone: `2025-01-15T09:00:00-05:00`, or `Z` in UTC. */
export function formatRfc3339In(ms: number, zone: string): string {
  const wall = wallClock(ms, zone);
  const offsetMinutes = Math.round(offsetAt(ms, zone) / 60_000);
  const offset =
    offsetMinutes === 0
      ? 'Z'
      : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offset}`;
}
