import type { Taint, Toleration } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { toleratesTaint } from './node-affinity.ts';

const NOT_READY: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };
const GPU: Taint = { key: 'gpu', value: 'nvidia', effect: 'NoSchedule' };
const DEDICATED_EXECUTE: Taint = { key: 'dedicated', value: 'db', effect: 'NoExecute' };

describe('toleratesTaint (v1.Toleration.ToleratesTaint)', () => {
  it.each<[string, Toleration, Taint, boolean]>([
    [
      'Equal matches key, value and effect',
      { key: 'gpu', operator: 'Equal', value: 'nvidia', effect: 'NoSchedule' },
      GPU,
      true,
    ],
    [
      'Equal rejects another value',
      { key: 'gpu', operator: 'Equal', value: 'amd', effect: 'NoSchedule' },
      GPU,
      false,
    ],
    ['a missing operator means Equal', { key: 'gpu', value: 'nvidia' }, GPU, true],
    ['a missing operator compares values', { key: 'gpu', value: 'amd' }, GPU, false],
    ['an empty operator means Equal', { key: 'gpu', operator: '', value: 'nvidia' }, GPU, true],
    [
      'Equal without a value matches a taint without a value',
      { key: NOT_READY.key, operator: 'Equal' },
      NOT_READY,
      true,
    ],
    [
      'Equal without a value rejects a taint with one',
      { key: 'gpu', operator: 'Equal' },
      GPU,
      false,
    ],
    ['Exists ignores the value', { key: 'gpu', operator: 'Exists' }, GPU, true],
    ['Exists without a key tolerates every taint', { operator: 'Exists' }, DEDICATED_EXECUTE, true],
    [
      'an empty effect matches every effect',
      { key: 'dedicated', operator: 'Exists' },
      DEDICATED_EXECUTE,
      true,
    ],
    [
      'another effect does not match',
      { key: 'gpu', operator: 'Exists', effect: 'NoExecute' },
      GPU,
      false,
    ],
    ['another key does not match', { key: 'fpga', operator: 'Exists' }, GPU, false],
    [
      'Exists without a key still checks the effect',
      { operator: 'Exists', effect: 'NoSchedule' },
      DEDICATED_EXECUTE,
      false,
    ],
    [
      'an unknown operator tolerates nothing',
      { key: 'gpu', operator: 'Lt', value: 'nvidia' },
      GPU,
      false,
    ],
  ])('%s', (_name, toleration, taint, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});
