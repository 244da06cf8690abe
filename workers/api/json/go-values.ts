// What Go's time.Parse says about metav1.Time (RFC 3339) and metav1.MicroTime (RFC 3339 with
// microseconds) values, with time.ParseError's messages (Go src/time/format.go), and how they
// marshal back. Leaves out time zones other than offsets.

import { goQuote } from '../errors.ts';

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';
export type TimeLayout = typeof RFC3339 | typeof RFC3339_MICRO;

/** A parsed timestamp, or Go's error text. */
export type TimeResult = { ms: number; micros: number } | { error: string };

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction of a second in microseconds (further digits are dropped). */
  micros: number;
  offsetMinutes: number;
}

const DIGIT = /^[0-9]$/;

/** time.Parse(layout, value) for the two layouts Kubernetes uses. */
export function parseGoTime(value: string, layout: TimeLayout): TimeResult {
  const fields: Fields = {
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    micros: 0,
    offsetMinutes: 0,
  };
  // The layout as literal prefixes and standard elements, as nextStdChunk splits it.
  const chunks: [string, string][] = [
    ['', '2006'],
    ['-', '01'],
    ['-', '02'],
    ['T', '15'],
    [':', '04'],
    [':', '05'],
    ...(layout === RFC3339_MICRO ? ([['', '.000000']] as [string, string][]) : []),
    ['', 'Z07:00'],
  ];
  let rest = value;
  const parseError = (layoutElem: string, valueElem: string) => ({
    error: `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`,
  });
  const rangeError = (what: string) => ({
    error: `parsing time ${goQuote(value)}: ${what} out of range`,
  });
  for (const [index, [prefix, element]] of chunks.entries()) {
    if (!rest.startsWith(prefix)) return parseError(prefix, rest);
    rest = rest.slice(prefix.length);
    const hold = rest;
    const step = parseElement(element, rest, fields, chunks[index + 1]?.[1]);
    if ('bad' in step) return parseError(element, hold);
    if (step.range) return rangeError(step.range);
    rest = step.rest;
  }
  if (rest.length > 0) {
    return { error: `parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}` };
  }
  if (fields.day < 1 || fields.day > daysIn(fields.month, fields.year)) {
    return rangeError('day');
  }
  const ms =
    Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second) -
    fields.offsetMinutes * 60_000;
  return { ms, micros: fields.micros };
}

type Step = { rest: string; range?: string } | { bad: true };

/** getnum: one or two digits, exactly two when `fixed`. */
function number(value: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!DIGIT.test(value[0] ?? '')) return undefined;
  if (!DIGIT.test(value[1] ?? '')) {
    return fixed ? undefined : { n: Number(value[0]), rest: value.slice(1) };
  }
  return { n: Number(value.slice(0, 2)), rest: value.slice(2) };
}

function parseElement(element: string, value: string, fields: Fields, next?: string): Step {
  const two = (
    fixed: boolean,
    key: 'month' | 'day' | 'hour' | 'minute' | 'second',
    max: number,
  ) => {
    const parsed = number(value, fixed);
    if (!parsed) return { bad: true } as const;
    fields[key] = parsed.n;
    const low = key === 'month' ? 1 : 0;
    return parsed.n < low || parsed.n > max
      ? { rest: parsed.rest, range: key }
      : { rest: parsed.rest };
  };
  switch (element) {
    case '2006': {
      if (value.length < 4 || !DIGIT.test(value[0] ?? '')) return { bad: true };
      const digits = value.slice(0, 4);
      if (!/^[0-9]{4}$/.test(digits)) return { bad: true };
      fields.year = Number(digits);
      return { rest: value.slice(4) };
    }
    case '01':
      return two(true, 'month', 12);
    case '02':
      // Any one- or two-digit day; the calendar check comes after the whole value.
      return two(true, 'day', 99);
    case '15':
      return two(false, 'hour', 23);
    case '04':
      return two(true, 'minute', 59);
    case '05': {
      const step = two(true, 'second', 59);
      if ('bad' in step || step.range || next === '.000000') return step;
      // A fraction the layout does not mention is accepted after the seconds.
      const fraction = /^[.,][0-9]+/.exec(step.rest)?.[0];
      if (!fraction) return step;
      fields.micros = Number(fraction.slice(1, 7).padEnd(6, '0'));
      return { rest: step.rest.slice(fraction.length) };
    }
    case '.000000': {
      if (value.length < 7 || !/^[.,][0-9]{6}/.test(value)) return { bad: true };
      fields.micros = Number(value.slice(1, 7));
      return { rest: value.slice(7) };
    }
    default:
      return zone(value, fields);
  }
}

/** Z07:00: `Z` or ±hh:mm. */
function zone(value: string, fields: Fields): Step {
  if (value.startsWith('Z')) return { rest: value.slice(1) };
  const match = /^([+-])([0-9]{2}):([0-9]{2})/.exec(value);
  if (!match) return { bad: true };
  const [, sign, hours = '0', minutes = '0'] = match;
  if (Number(hours) > 24) return { rest: value.slice(6), range: 'time zone offset hour' };
  if (Number(minutes) > 60) return { rest: value.slice(6), range: 'time zone offset minute' };
  fields.offsetMinutes = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  return { rest: value.slice(6) };
}

function daysIn(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** How metav1.Time (seconds) and MicroTime (microseconds) marshal: in UTC. */
export function formatGoTime(
  { ms, micros }: { ms: number; micros: number },
  layout: TimeLayout,
): string {
  const seconds = new Date(ms).toISOString().slice(0, 19);
  return layout === RFC3339 ? `${seconds}Z` : `${seconds}.${String(micros).padStart(6, '0')}Z`;
}
