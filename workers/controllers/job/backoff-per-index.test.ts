// Cases after TestGetRemainingBackoffTimePerIndex and the per-index tests of
// pkg/controller/job/indexed_job_utils_test.go.

import type { Job } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  calculateFailedIndexes,
  isIndexFailed,
  newIndexFailureCounts,
  remainingBackoffPerIndex,
} from './backoff-per-index.ts';

const T = Date.UTC(2009, 10, 10, 23, 0, 0);

function job(extra: Partial<NonNullable<Job['spec']>> = {}, failedIndexes?: string): Job {
  return {
    spec: {
      completions: 5,
      completionMode: 'Indexed',
      backoffLimitPerIndex: 1,
      template: {},
      ...extra,
    },
    status: failedIndexes === undefined ? {} : { failedIndexes },
  };
}

function pod(
  index: number,
  phase: string,
  annotations: Record<string, string> = {},
  exitCode = 1,
): Pod {
  return {
    metadata: {
      name: `p${index}`,
      finalizers: ['batch.kubernetes.io/job-tracking'],
      annotations: { 'batch.kubernetes.io/job-completion-index': String(index), ...annotations },
    },
    status: {
      phase,
      containerStatuses: [
        {
          name: 'main',
          image: 'busybox',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode, finishedAt: new Date(T).toISOString() } },
        },
      ],
    },
  };
}

const failures = (count: number, ignored = 0): Record<string, string> => ({
  'batch.kubernetes.io/job-index-failure-count': String(count),
  ...(ignored ? { 'batch.kubernetes.io/job-index-ignored-failure-count': String(ignored) } : {}),
});

describe('isIndexFailed', () => {
  it.each<[string, Job, Pod, boolean]>([
    ['a first failure under the limit', job(), pod(0, 'Failed', failures(0)), false],
    ['a failure at the limit', job(), pod(0, 'Failed', failures(1)), true],
    ['a running pod', job(), pod(0, 'Running', failures(1)), false],
    [
      'a FailIndex rule',
      job({
        podFailurePolicy: {
          rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [3] } }],
        },
      }),
      pod(0, 'Failed', failures(0), 3),
      true,
    ],
    [
      'an ignored failure at the limit',
      job({
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }],
        },
      }),
      pod(0, 'Failed', failures(1), 3),
      false,
    ],
  ])('%s', (_case, j, p, expected) => {
    expect(isIndexFailed(j, p)).toBe(expected);
  });

  it('adds newly failed indexes to status.failedIndexes', () => {
    const pods = [
      pod(1, 'Failed', failures(1)),
      pod(2, 'Failed', failures(0)),
      pod(4, 'Failed', failures(3)),
    ];
    expect(calculateFailedIndexes(job({}, '0'), pods)).toEqual([
      { first: 0, last: 1 },
      { first: 4, last: 4 },
    ]);
  });
});

describe('newIndexFailureCounts', () => {
  it.each<[string, Job, Pod | undefined, { failures: number; ignored: number }]>([
    ['a first pod', job(), undefined, { failures: 0, ignored: 0 }],
    ['a replacement', job(), pod(0, 'Failed', failures(2, 1)), { failures: 3, ignored: 1 }],
    [
      'the replacement of an ignored failure',
      job({
        podFailurePolicy: {
          rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }],
        },
      }),
      pod(0, 'Failed', failures(2), 3),
      { failures: 2, ignored: 1 },
    ],
  ])('counts for %s', (_case, j, replaced, expected) => {
    expect(newIndexFailureCounts(j, replaced)).toEqual(expected);
  });
});

describe('remainingBackoffPerIndex', () => {
  it.each<[string, Pod | undefined, number, number]>([
    ['no failures', undefined, 0, 0],
    ['two earlier failures, failed just now', pod(0, 'Failed', failures(2)), 0, 40_000],
    ['one failure and one ignored, 15 s ago', pod(0, 'Failed', failures(1, 1)), 15_000, 25_000],
  ])('%s', (_case, lastFailed, elapsedMs, expected) => {
    expect(remainingBackoffPerIndex(lastFailed, T + elapsedMs)).toBe(expected);
  });
});
