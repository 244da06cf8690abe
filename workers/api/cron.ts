// The cron schedule parser CronJobs use: github.com/robfig/cron/v3 v3.0.1 parser.go
// (ParseStandard: five fields or a descriptor, with an optional TZ=/CRON_TZ= prefix) and Go's
// time.ParseDuration for `@every`, with their exact error texts.
// Activation times are computed in cron-schedule.ts.

import { goQuote, type ParseError } from './errors.ts';
import { loadLocationError } from './time-zone.ts';

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DAYS_OF_MONTH: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DAYS_OF_WEEK: Bounds = {
  min: 0,
  max: 6,
  names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 },
};

/** Each field as the set of values it selects. */
export interface CronFields {
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  dayOfWeek: number[];
  /** robfig's starBit: the field was `*` or `?` (no step above 1), which changes how days match. */
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

export type CronSchedule =
  | { location?: string; fields: CronFields }
  | { location?: string; descriptor: string }
  | { every: bigint };

const fail = (error: string): ParseError => ({ error });

const INT64_MAX = 2n ** 63n - 1n;

/** strconv.Atoi, then robfig's mustParseInt (negative numbers refused). */
function parseInteger(expr: string): bigint | ParseError {
  const syntaxError = (reason: string): ParseError =>
    fail(`failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: ${reason}`);
  if (!/^[+-]?\d+$/.test(expr)) return syntaxError('invalid syntax');
  const value = BigInt(expr);
  if (value > INT64_MAX || value < -INT64_MAX - 1n) return syntaxError('value out of range');
  if (value < 0n) return fail(`negative number (${value.toString()}) not allowed: ${expr}`);
  return value;
}

function parseIntOrName(expr: string, bounds: Bounds): bigint | ParseError {
  const named = bounds.names?.[expr.toLowerCase()];
  return named === undefined ? parseInteger(expr) : BigInt(named);
}

const isError = (value: unknown): value is ParseError =>
  typeof value === 'object' && value !== null && 'error' in value;

/** getRange: `*`, `?`, `n`, `a-b`, each optionally `/step`. */
function parseRange(expr: string, bounds: Bounds): number[] | ParseError {
  const min = BigInt(bounds.min);
  const max = BigInt(bounds.max);
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  let start: bigint;
  let end: bigint;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = min;
    end = max;
  } else {
    const low = parseIntOrName(lowAndHigh[0] ?? '', bounds);
    if (isError(low)) return low;
    start = low;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const high = parseIntOrName(lowAndHigh[1] ?? '', bounds);
      if (isError(high)) return high;
      end = high;
    } else return fail(`too many hyphens: ${expr}`);
  }
  let step = 1n;
  if (rangeAndStep.length === 2) {
    const parsed = parseInteger(rangeAndStep[1] ?? '');
    if (isError(parsed)) return parsed;
    step = parsed;
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = max;
  } else if (rangeAndStep.length > 2) return fail(`too many slashes: ${expr}`);
  if (start < min) return fail(`beginning of range (${start}) below minimum (${min}): ${expr}`);
  if (end > max) return fail(`end of range (${end}) above maximum (${max}): ${expr}`);
  if (start > end)
    return fail(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0n) return fail(`step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let value = start; value <= end; value += step) values.push(Number(value));
  return values;
}

/** getField: a comma-separated list of ranges (empty items skipped, as strings.FieldsFunc does). */
function parseField(text: string, bounds: Bounds): number[] | ParseError {
  const values = new Set<number>();
  for (const expr of text.split(',').filter((part) => part !== '')) {
    const range = parseRange(expr, bounds);
    if (isError(range)) return range;
    for (const value of range) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/** Whether getRange set starBit for any range of the field: `*` or `?`, with no step above 1. */
function hasStar(text: string): boolean {
  return text.split(',').some((expr) => {
    const [range = '', step] = expr.split('/');
    return (range === '*' || range === '?') && (step === undefined || Number(step) <= 1);
  });
}

// --- time.ParseDuration -------------------------------------------------------------------------

const UNIT_NANOSECONDS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** The quote() of Go's time package: only `"` and `\` are escaped; other bytes are kept or \x-escaped. */
function timeQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char < ' ' || char > '\x7f') {
      for (const byte of new TextEncoder().encode(char))
        out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

/** Go's time.ParseDuration, in nanoseconds. */
export function parseGoDuration(original: string): bigint | ParseError {
  const invalid = fail(`time: invalid duration ${timeQuote(original)}`);
  let rest = original;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return invalid;
  let total = 0n;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (!number || (whole === '' && !fraction)) return invalid;
    rest = rest.slice(number[0].length);
    const unitText = /^[^.0-9]*/.exec(rest)?.[0] ?? '';
    if (unitText === '') return fail(`time: missing unit in duration ${timeQuote(original)}`);
    rest = rest.slice(unitText.length);
    const unit = UNIT_NANOSECONDS[unitText];
    if (unit === undefined)
      return fail(`time: unknown unit ${timeQuote(unitText)} in duration ${timeQuote(original)}`);
    const wholeValue = BigInt(whole === '' ? '0' : whole);
    if (wholeValue > 2n ** 63n / unit) return invalid;
    let value = wholeValue * unit;
    if (fraction) value += BigInt(Math.trunc(Number(`0.${fraction}`) * Number(unit)));
    total += value;
    if (total > 2n ** 63n) return invalid;
  }
  if (negative) return -total;
  return total > INT64_MAX ? invalid : total;
}

// --- ParseStandard ------------------------------------------------------------------------------

const DESCRIPTORS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

function parseDescriptor(spec: string, location: string | undefined): CronSchedule | ParseError {
  if (DESCRIPTORS.includes(spec)) return { ...(location ? { location } : {}), descriptor: spec };
  const every = '@every ';
  if (spec.startsWith(every)) {
    const duration = parseGoDuration(spec.slice(every.length));
    if (isError(duration)) return fail(`failed to parse duration ${spec}: ${duration.error}`);
    return { every: duration };
  }
  return fail(`unrecognized descriptor: ${spec}`);
}

/** cron.ParseStandard: the schedule, or robfig's error text. */
export function parseStandardSchedule(schedule: string): CronSchedule | ParseError {
  if (schedule === '') return fail('empty spec string');
  let spec = schedule;
  let location: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const end = space === -1 ? spec.length : space;
    location = spec.slice(spec.indexOf('=') + 1, end);
    const error = loadLocationError(location);
    if (error !== null) return fail(`provided bad location ${location}: ${error}`);
    spec = spec.slice(end).trim();
  }
  if (spec.startsWith('@')) return parseDescriptor(spec, location);
  const texts = spec.split(/\s+/).filter((part) => part !== '');
  if (texts.length !== 5) {
    return fail(`expected exactly 5 fields, found ${texts.length}: [${texts.join(' ')}]`);
  }
  const bounds = [MINUTES, HOURS, DAYS_OF_MONTH, MONTHS, DAYS_OF_WEEK];
  const values: number[][] = [];
  for (const [index, text] of texts.entries()) {
    const parsed = parseField(text, bounds[index] ?? MINUTES);
    if (isError(parsed)) return parsed;
    values.push(parsed);
  }
  const [minute = [], hour = [], dayOfMonth = [], month = [], dayOfWeek = []] = values;
  return {
    ...(location ? { location } : {}),
    fields: {
      minute,
      hour,
      dayOfMonth,
      month,
      dayOfWeek,
      dayOfMonthStar: hasStar(texts[2] ?? ''),
      dayOfWeekStar: hasStar(texts[4] ?? ''),
    },
  };
}
