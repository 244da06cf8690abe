// Cases after pkg/controller/job/indexed_job_utils_test.go and success_policy_test.go.

import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  duplicatedIndexPodsForRemoval,
  firstPendingIndexes,
  formatIntervals,
  parseIndexes,
  podGenerateNameWithIndex,
  withOrderedIndexes,
  type OrderedIntervals,
} from './indexed-job-utils.ts';
import { matchSuccessPolicy } from './success-policy.ts';

const intervals = (...pairs: [number, number][]): OrderedIntervals =>
  pairs.map(([first, last]) => ({ first, last }));

function indexedPod(name: string, index: string | undefined, phase = 'Running'): Pod {
  return {
    metadata: {
      name,
      ...(index === undefined
        ? {}
        : { annotations: { 'batch.kubernetes.io/job-completion-index': index } }),
    },
    status: { phase },
  };
}

describe('completed index intervals', () => {
  it.each<[string, OrderedIntervals, string]>([
    ['nothing', [], ''],
    ['a single index', intervals([3, 3]), '3'],
    ['two adjacent indexes as a list', intervals([0, 1]), '0,1'],
    ['longer runs as ranges', intervals([0, 2], [4, 4], [6, 7], [9, 12]), '0-2,4,6,7,9-12'],
  ])('prints %s', (_case, value, text) => {
    expect(formatIntervals(value)).toBe(text);
  });

  it.each<[string, string, number, OrderedIntervals]>([
    ['ranges and singles', '0,2-4,7', 10, intervals([0, 0], [2, 4], [7, 7])],
    ['merging touching intervals', '1,2,3-5', 10, intervals([1, 5])],
    ['cutting at completions', '1-3,5', 3, intervals([1, 2])],
    ['skipping corrupt parts', 'a,2,x-3', 10, intervals([2, 2])],
    ['nothing', '', 10, []],
  ])('parses %s', (_case, text, completions, expected) => {
    expect(parseIndexes(text, completions)).toEqual(expected);
  });

  it.each<[string, OrderedIntervals, number[], OrderedIntervals]>([
    ['into nothing', [], [0, 1, 3], intervals([0, 1], [3, 3])],
    ['filling a gap', intervals([0, 1], [3, 4]), [2], intervals([0, 4])],
    ['before and after', intervals([3, 4]), [0, 6], intervals([0, 0], [3, 4], [6, 6])],
    ['already present', intervals([0, 4]), [2], intervals([0, 4])],
  ])('merges new indexes %s', (_case, existing, indexes, expected) => {
    expect(withOrderedIndexes(existing, indexes)).toEqual(expected);
  });
});

describe('firstPendingIndexes', () => {
  it.each<[string, string[], OrderedIntervals, number, number, number[]]>([
    ['from zero when nothing ran', [], [], 3, 5, [0, 1, 2]],
    ['none when asked for none', [], [], 0, 5, []],
    ['around active and succeeded indexes', ['0', '4'], intervals([1, 2]), 3, 10, [3, 5, 6]],
    ['no more than completions', ['1'], intervals([3, 3]), 5, 4, [0, 2]],
  ])('%s', (_case, active, succeeded, count, completions, expected) => {
    const pods = active.map((index, i) => indexedPod(`p${i}`, index));
    expect(firstPendingIndexes(pods, succeeded, count, completions)).toEqual(expected);
  });
});

describe('duplicatedIndexPodsForRemoval', () => {
  it('removes pods without an index or beyond completions, and all but one per index', () => {
    const pods = [
      indexedPod('a', '0', 'Running'),
      indexedPod('b', '0', 'Pending'),
      indexedPod('c', undefined),
      indexedPod('d', '5'),
      indexedPod('e', '1'),
    ];
    const { remove, keep } = duplicatedIndexPodsForRemoval(pods, 3);
    expect(remove.map((pod) => pod.metadata?.name).sort()).toEqual(['b', 'c', 'd']);
    expect(keep.map((pod) => pod.metadata?.name).sort()).toEqual(['a', 'e']);
  });
});

describe('podGenerateNameWithIndex', () => {
  it.each([
    ['pi', 3, 'pi-3-'],
    ['a'.repeat(60), 12, `${'a'.repeat(54)}-12-`],
  ])('names pods of %s at index %d', (job, index, expected) => {
    expect(podGenerateNameWithIndex(job, index)).toBe(expected);
  });
});

describe('matchSuccessPolicy', () => {
  it.each<
    [
      string,
      { succeededIndexes?: string; succeededCount?: number }[],
      OrderedIntervals,
      string | null,
    ]
  >([
    ['no succeeded indexes', [{ succeededCount: 1 }], [], null],
    [
      'all named indexes succeeded',
      [{ succeededIndexes: '0-2' }],
      intervals([0, 3]),
      'Matched rules at index 0',
    ],
    ['a named index missing', [{ succeededIndexes: '0-2' }], intervals([0, 1]), null],
    [
      'succeededCount of the named indexes',
      [{ succeededIndexes: '0-4', succeededCount: 2 }],
      intervals([1, 1], [3, 3]),
      'Matched rules at index 0',
    ],
    [
      'succeededCount of all indexes',
      [{ succeededIndexes: '9' }, { succeededCount: 3 }],
      intervals([0, 2]),
      'Matched rules at index 1',
    ],
    ['too few for succeededCount', [{ succeededCount: 4 }], intervals([0, 2]), null],
  ])('%s', (_case, rules, succeeded, expected) => {
    expect(matchSuccessPolicy({ rules }, 10, succeeded)).toBe(expected);
  });
});
