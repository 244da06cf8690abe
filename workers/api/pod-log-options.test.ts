import { describe, expect, it } from 'vitest';
import { fieldErrorString } from './errors.ts';
import {
  decodePodLogOptions,
  validatePodLogOptions,
  type PodLogOptions,
} from './pod-log-options.ts';

const DEFAULTS: PodLogOptions = {
  container: '',
  follow: false,
  previous: false,
  timestamps: false,
  insecureSkipTLSVerifyBackend: false,
};

describe('decodePodLogOptions', () => {
  it.each<[string, Record<string, string>, Partial<PodLogOptions>]>([
    ['reads nothing from an empty query', {}, {}],
    ['reads the container', { container: 'web' }, { container: 'web' }],
    [
      'reads true and 1 as true',
      { follow: 'true', previous: '1' },
      { follow: true, previous: true },
    ],
    ['reads an empty value as true', { timestamps: '' }, { timestamps: true }],
    ['reads false and 0 in any case as false', { follow: 'FALSE', previous: '0' }, {}],
    [
      'reads any other word as true',
      { insecureSkipTLSVerifyBackend: 'yes' },
      { insecureSkipTLSVerifyBackend: true },
    ],
    [
      'reads the numbers, signs included',
      { tailLines: '+10', limitBytes: '2048', sinceSeconds: '-5' },
      { tailLines: 10, limitBytes: 2048, sinceSeconds: -5 },
    ],
    [
      'reads sinceTime in RFC 3339',
      { sinceTime: '2025-01-01T10:00:00+02:00' },
      { sinceTime: Date.UTC(2025, 0, 1, 8) },
    ],
    [
      'reads an empty sinceTime as the zero time',
      { sinceTime: '' },
      { sinceTime: -62_135_596_800_000 },
    ],
  ])('%s', (_name, query, expected) => {
    expect(decodePodLogOptions(query)).toEqual({ ...DEFAULTS, ...expected });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a word', { tailLines: 'ten' }, 'strconv.ParseInt: parsing "ten": invalid syntax'],
    ['an empty number', { limitBytes: '' }, 'strconv.ParseInt: parsing "": invalid syntax'],
    ['a fraction', { sinceSeconds: '1.5' }, 'strconv.ParseInt: parsing "1.5": invalid syntax'],
    [
      'a number past int64',
      { tailLines: '9223372036854775808' },
      'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ],
    [
      'a time that is not RFC 3339',
      { sinceTime: 'yesterday' },
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
    [
      'sinceSeconds before sinceTime',
      { sinceTime: 'x', sinceSeconds: 'y' },
      'strconv.ParseInt: parsing "y": invalid syntax',
    ],
  ])('refuses %s with Go’s error', (_name, query, error) => {
    expect(decodePodLogOptions(query)).toEqual({ error });
  });
});

describe('validatePodLogOptions', () => {
  it.each<[string, Partial<PodLogOptions>, string[]]>([
    ['accepts the defaults', {}, []],
    ['accepts tailLines 0', { tailLines: 0 }, []],
    [
      'refuses negative tailLines',
      { tailLines: -1 },
      ['tailLines: Invalid value: -1: must be greater than or equal to 0'],
    ],
    [
      'refuses limitBytes below 1',
      { limitBytes: 0 },
      ['limitBytes: Invalid value: 0: must be greater than 0'],
    ],
    [
      'refuses sinceSeconds below 1',
      { sinceSeconds: 0 },
      ['sinceSeconds: Invalid value: 0: must be greater than 0'],
    ],
    [
      'refuses sinceSeconds with sinceTime',
      { sinceSeconds: 0, sinceTime: 0 },
      [': Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified'],
    ],
    [
      'reports every problem',
      { tailLines: -2, limitBytes: -1 },
      [
        'tailLines: Invalid value: -2: must be greater than or equal to 0',
        'limitBytes: Invalid value: -1: must be greater than 0',
      ],
    ],
  ])('%s', (_name, options, errors) => {
    expect(validatePodLogOptions({ ...DEFAULTS, ...options }).map(fieldErrorString)).toEqual(
      errors,
    );
  });
});
