import { describe, expect, it } from 'vitest';
import { isParseError } from './errors.ts';
import {
  ErrFormatWrong,
  ErrNumeric,
  ErrSuffix,
  formatQuantity,
  milliValue,
  parseQuantity,
  quantityString,
  value,
  type Quantity,
  type QuantityFormat,
} from './quantity.ts';

function parsed(text: string): Quantity {
  const q = parseQuantity(text);
  if (isParseError(q)) throw new Error(q.error);
  return q;
}

const Ki = 1024;
const Mi = Ki * Ki;
const Gi = Mi * Ki;

describe('parseQuantity', () => {
  // Upstream's TestQuantityParse, as milli-units and format.
  it.each<[string, number, QuantityFormat]>([
    ['0', 0, 'DecimalSI'],
    ['0n', 0, 'DecimalSI'],
    ['0Ki', 0, 'BinarySI'],
    ['0M', 0, 'DecimalSI'],
    ['1', 1000, 'DecimalSI'],
    ['1Ki', Ki * 1000, 'BinarySI'],
    ['8Ki', 8 * Ki * 1000, 'BinarySI'],
    ['7Mi', 7 * Mi * 1000, 'BinarySI'],
    ['6Gi', 6 * Gi * 1000, 'BinarySI'],
    ['5Ti', 5 * Gi * Ki * 1000, 'BinarySI'],
    ['5n', 1, 'DecimalSI'],
    ['4u', 1, 'DecimalSI'],
    ['3m', 3, 'DecimalSI'],
    ['100m', 100, 'DecimalSI'],
    ['8k', 8_000_000, 'DecimalSI'],
    ['50k', 50_000_000, 'DecimalSI'],
    ['7M', 7e9, 'DecimalSI'],
    ['6G', 6e12, 'DecimalSI'],
    ['2P', 2e18, 'DecimalSI'],
    ['1E-3', 1, 'DecimalExponent'],
    ['1e3', 1e6, 'DecimalExponent'],
    ['1E6', 1e9, 'DecimalExponent'],
    ['100.035k', 100_035_000, 'DecimalSI'],
    ['0.001', 1, 'DecimalSI'],
    ['0.0005k', 500, 'DecimalSI'],
    ['0.5', 500, 'DecimalSI'],
    ['0.5e-1', 50, 'DecimalExponent'],
    ['1.2e3', 1_200_000, 'DecimalExponent'],
    ['1.3E+6', 1.3e9, 'DecimalExponent'],
    ['9.01', 9010, 'DecimalSI'],
    ['3.001n', 1, 'DecimalSI'],
    ['0.00000012345', 1, 'DecimalSI'],
    ['100.035Ki', 102_435_840, 'BinarySI'],
    ['0.5Mi', 0.5 * Mi * 1000, 'BinarySI'],
    ['0.000000000001Ki', 1, 'DecimalSI'],
    ['.001', 1, 'DecimalSI'],
    ['.0001k', 100, 'DecimalSI'],
    ['1.', 1000, 'DecimalSI'],
    ['1.G', 1e12, 'DecimalSI'],
    ['+1', 1000, 'DecimalSI'],
    ['-1', -1000, 'DecimalSI'],
    ['-100m', -100, 'DecimalSI'],
    ['-0.5n', -1, 'DecimalSI'],
    ['-', 0, 'DecimalSI'],
    ['.', 0, 'DecimalSI'],
  ])('parses %j as %d milli-units (%s)', (text, milli, format) => {
    const q = parsed(text);
    expect(milliValue(q)).toBe(milli);
    expect(q.format).toBe(format);
  });

  it.each([
    ['', ErrFormatWrong],
    ['Non-Numeric', ErrFormatWrong],
    ['1.2.3', ErrFormatWrong],
    ['1 ', ErrFormatWrong],
    ['1Gi5', ErrSuffix],
    ['1K', ErrSuffix],
    ['1ki', ErrSuffix],
    ['1e', ErrSuffix],
    ['1e99999999999999999999', ErrSuffix],
    ['.e-10', ErrNumeric],
  ])('rejects %j', (text, error) => {
    expect(parseQuantity(text)).toEqual({ error });
  });

  it('quotes the regular expression in the format error', () => {
    expect(ErrFormatWrong).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
  });

  it.each([
    ['100m', 1],
    ['1', 1],
    ['1500m', 2],
    ['1Gi', Gi],
    ['1n', 1],
    ['-100m', -1],
  ])('rounds %j up to %d whole units', (text, units) => {
    expect(value(parsed(text))).toBe(units);
  });

  it('keeps huge exponents finite to compute', () => {
    expect(milliValue(parsed('1e999999999'))).toBe(Infinity);
    expect(milliValue(parsed('1e-999999999'))).toBe(1);
  });
});

describe('formatting', () => {
  // Upstream's TestQuantityString, from milli-units.
  it.each<[number, QuantityFormat, string]>([
    [Gi * 1000, 'BinarySI', '1Gi'],
    [300 * Mi * 1000, 'BinarySI', '300Mi'],
    [6 * Ki * 1000, 'BinarySI', '6Ki'],
    [1001 * Gi * 1000, 'BinarySI', '1001Gi'],
    [Gi * Ki * 1000, 'BinarySI', '1Ti'],
    [5000, 'BinarySI', '5'],
    [500, 'BinarySI', '500m'],
    [1e12, 'DecimalSI', '1G'],
    [1, 'DecimalSI', '1m'],
    [80, 'DecimalSI', '80m'],
    [1080, 'DecimalSI', '1080m'],
    [300e9, 'DecimalSI', '300M'],
    [1e15, 'DecimalSI', '1T'],
    [1234567, 'BinarySI', '1234567m'],
    [3e6, 'DecimalSI', '3k'],
    [1025 * 1000, 'BinarySI', '1025'],
    [0, 'DecimalSI', '0'],
    [0, 'BinarySI', '0'],
    [1e12, 'DecimalExponent', '1e9'],
    [1, 'DecimalExponent', '1e-3'],
    [80, 'DecimalExponent', '80e-3'],
    [300e9, 'DecimalExponent', '300e6'],
    [3e6, 'DecimalExponent', '3e3'],
    [0, 'DecimalExponent', '0'],
    // The brief's examples.
    [1500, 'DecimalSI', '1500m'],
    [2000, 'DecimalSI', '2'],
    [128974848 * 1000, 'BinarySI', '123Mi'],
    [1536 * 1000, 'BinarySI', '1536'],
    [1_000_000, 'DecimalSI', '1k'],
    [10_000_000, 'DecimalSI', '10k'],
    [-1500, 'DecimalSI', '-1500m'],
    [-Gi * 1000, 'BinarySI', '-1Gi'],
  ])('prints %d milli-units as %s %j', (milli, format, expected) => {
    expect(formatQuantity(milli, format)).toBe(expected);
  });

  it.each([
    ['1024Mi', '1Gi'],
    ['307200Ki', '300Mi'],
    ['1000M', '1G'],
    ['0.001T', '1G'],
    ['1000u', '1m'],
    ['1.08', '1080m'],
    ['0.5', '500m'],
    ['1000m', '1'],
    ['.001e12', '1e9'],
    ['0.001e0', '1e-3'],
    ['00', '0'],
    ['1.000', '1'],
    ['1e4', '10e3'],
    ['8Gi', '8Gi'],
    // Upstream keeps these inputs verbatim as their canonical form.
    ['+1', '+1'],
    ['01', '01'],
    ['1.500', '1.500'],
    ['1n', '1n'],
    ['1Gi', '1Gi'],
    ['500m', '500m'],
  ])('serialises %j as %j', (text, expected) => {
    expect(quantityString(parsed(text))).toBe(expected);
  });
});
