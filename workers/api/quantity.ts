// Models k8s.io/apimachinery pkg/api/resource/{quantity,suffix,amount}.go: ParseQuantity,
// MilliValue/Value and the canonical String(). Leaves out arithmetic beyond what plain numbers
// give, the 2^63-1 clamp of huge binary values, and precision below a milli-unit.
//
// A quantity is held as a count of milli-units in a JS number, exact up to 2^53 milli-units
// (≈ 9×10^12 units: 9 TB of memory, or 9×10^12 cores). Parsing rounds to whole milli-units away
// from zero, as MilliValue() does for positive amounts (its rounding of negative sub-milli amounts
// is inconsistent upstream), so `1n` holds 1m; `text` still reproduces upstream's String().

import type { ParseError } from './errors.ts';

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Quantity {
  milliValue: number;
  format: QuantityFormat;
  /**
   * The input, kept when upstream caches it as already canonical (Quantity.s); String() then
   * returns it verbatim, quirks included (`+1`, `01`, `1.500`).
   */
  text?: string;
}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ErrFormatWrong = `quantities must match the regular expression '${SPLIT_RE}'`;
export const ErrNumeric = 'unable to parse numeric part of quantity';
export const ErrSuffix = "unable to parse quantity's suffix";

interface QuantityParts {
  positive: boolean;
  /** The numeric text as written, sign and leading zeros included. */
  value: string;
  /** Integer digits without leading zeros ('0' if none), then the fraction digits. */
  num: string;
  denom: string;
  suffix: string;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

// parseQuantityString: a hand-written scanner, so its corner cases (`-` and `.` read as 0) hold.
function splitQuantity(str: string): QuantityParts | ParseError {
  const end = str.length;
  let pos = 0;
  const positive = !str.startsWith('-');
  if (!positive || str.startsWith('+')) pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };

  const numStart = pos;
  while (isDigit(str[pos])) pos++;
  const num = str.slice(numStart, pos) || '0';
  let denom = '';
  if (str[pos] === '.') {
    const denomStart = ++pos;
    while (isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
  }
  const value = str.slice(0, pos);

  const suffixStart = pos;
  while (pos < end && 'eEinumkKMGTP'.includes(str[pos] ?? '')) pos++;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  while (isDigit(str[pos])) pos++;
  if (pos < end) return { error: ErrFormatWrong };
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function interpretSuffix(suffix: string): Suffix | undefined {
  const decimal = DECIMAL_SUFFIXES[suffix];
  if (decimal !== undefined) return { base: 10, exponent: decimal, format: 'DecimalSI' };
  const binary = BINARY_SUFFIXES[suffix];
  if (binary !== undefined) return { base: 2, exponent: binary, format: 'BinarySI' };
  // `e3`, `E-6`, `e+2`: strconv.ParseInt of the rest, then narrowed to int32 as upstream.
  if (suffix.length > 1 && (suffix.startsWith('e') || suffix.startsWith('E'))) {
    const rest = suffix.slice(1);
    if (!/^[+-]?\d+$/.test(rest)) return undefined;
    const parsed = BigInt(rest);
    if (parsed < INT64_MIN || parsed > INT64_MAX) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

// Upstream's int64 fast path: undefined when it falls back to inf.Dec; otherwise whether it
// keeps the input as the canonical string.
function fastPath(parts: QuantityParts, suffix: Suffix): { keepsText: boolean } | undefined {
  const { num, denom } = parts;
  const shifted = num + denom;
  if (suffix.format === 'BinarySI') {
    if (suffix.exponent < 0 || denom !== '') return undefined;
    const precision = 15 - num.length - Math.trunc((suffix.exponent * 3) / 10) - 1;
    if (precision < 0 || BigInt(shifted) << BigInt(suffix.exponent) > INT64_MAX) return undefined;
    return { keepsText: suffix.exponent % 10 === 0 && (BigInt(shifted) & 7n) !== 0n };
  }
  const precision = 18 - num.length - denom.length;
  const scale = suffix.exponent - denom.length;
  if (precision < 0 || scale < -9) return undefined;
  return {
    keepsText: scale % 3 === 0 && !shifted.endsWith('000') && !shifted.startsWith('0'),
  };
}

// Beyond this the result leaves the range of a JS number anyway; bounding it keeps BigInt
// powers cheap for inputs such as `1e999999999`.
const MAX_DECIMAL_SHIFT = 400;

// value × 1000, rounded to an integer away from zero.
function toMilli(parts: QuantityParts, suffix: Suffix): number {
  let numerator = BigInt(parts.num + parts.denom) * 1000n;
  let decimalShift = -parts.denom.length;
  if (suffix.base === 2) numerator <<= BigInt(suffix.exponent);
  else decimalShift += suffix.exponent;
  decimalShift = Math.max(-MAX_DECIMAL_SHIFT, Math.min(MAX_DECIMAL_SHIFT, decimalShift));
  let milli: bigint;
  if (decimalShift >= 0) {
    milli = numerator * 10n ** BigInt(decimalShift);
  } else {
    const divisor = 10n ** BigInt(-decimalShift);
    milli = numerator / divisor + (numerator % divisor === 0n ? 0n : 1n);
  }
  const magnitude = Number(milli);
  return parts.positive ? magnitude : -magnitude;
}

/** resource.ParseQuantity: `100m`, `0.5`, `1Gi`, `512Mi`, `1k`, `1e3`, `+1`. */
export function parseQuantity(text: string): Quantity | ParseError {
  if (text === '') return { error: ErrFormatWrong };
  if (text === '0') return { milliValue: 0, format: 'DecimalSI', text };
  const parts = splitQuantity(text);
  if ('error' in parts) return parts;
  const suffix = interpretSuffix(parts.suffix);
  if (suffix === undefined) return { error: ErrSuffix };
  const fast = fastPath(parts, suffix);
  // The inf.Dec fallback re-reads the numeric text, which may have no digits at all (`.e-10`).
  if (fast === undefined && !/\d/.test(parts.value)) return { error: ErrNumeric };

  const milliValue = toMilli(parts, suffix) || 0;
  if (fast?.keepsText) return { milliValue, format: suffix.format, text };
  // A fractional binary amount below one is reported as decimal (`0.000000000001Ki`).
  const belowOne = Math.abs(milliValue) < 1000 && milliValue !== 0;
  const format = suffix.format === 'BinarySI' && belowOne ? 'DecimalSI' : suffix.format;
  return { milliValue, format };
}

/** Quantity.MilliValue(). */
export function milliValue(q: Quantity): number {
  return q.milliValue;
}

/** Quantity.Value(): whole units, rounded away from zero (`100m` → 1). */
export function value(q: Quantity): number {
  const units = Math.ceil(Math.abs(q.milliValue) / 1000);
  return q.milliValue < 0 ? -units : units;
}

function removeFactors(value: number, base: number): [number, number] {
  let result = Math.abs(value);
  let times = 0;
  while (result >= base && result % base === 0) {
    result /= base;
    times++;
  }
  return [value < 0 ? -result : result, times];
}

const DECIMAL_SUFFIX_BY_EXPONENT = new Map(
  Object.entries(DECIMAL_SUFFIXES).map(([suffix, exponent]) => [exponent, suffix]),
);
const BINARY_SUFFIX_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * Quantity.String() for a value without a kept input text: `1500m`, `2`, `1Gi`, `123Mi`, `1k`,
 * `1e3`. Binary amounts under 1024 or not whole print in decimal form.
 */
export function formatQuantity(milli: number, format: QuantityFormat): string {
  if (milli === 0) return '0';
  if (format === 'BinarySI' && Math.abs(milli) >= 1024_000 && milli % 1000 === 0) {
    const [amount, powers] = removeFactors(milli / 1000, 1024);
    return `${amount}${BINARY_SUFFIX_BY_POWER[powers] ?? ''}`;
  }
  let [amount, exponent] = removeFactors(milli, 10);
  exponent -= 3;
  while (exponent % 3 !== 0) {
    amount *= 10;
    exponent--;
  }
  if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
  return `${amount}${DECIMAL_SUFFIX_BY_EXPONENT.get(exponent) ?? ''}`;
}

/** Quantity.String(), as the apiserver serializes it. */
export function quantityString(q: Quantity): string {
  return q.text ?? formatQuantity(q.milliValue, q.format);
}
