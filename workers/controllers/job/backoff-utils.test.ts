// Cases from pkg/controller/job/backoff_utils_test.go.

import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  getFinishedTime,
  newBackoffRecord,
  remainingBackoff,
  type BackoffRecord,
} from './backoff-utils.ts';

const T = Date.UTC(2009, 10, 10, 23, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

function finishedPod(phase: 'Succeeded' | 'Failed', finishedAtMs: number): Pod {
  return {
    status: { phase, containerStatuses: [terminated(finishedAtMs)] },
  };
}

function terminated(finishedAtMs: number | null) {
  return {
    name: 'c',
    image: 'busybox',
    imageID: '',
    ready: false,
    restartCount: 0,
    state: {
      terminated: {
        exitCode: 0,
        ...(finishedAtMs === null ? {} : { finishedAt: iso(finishedAtMs) }),
      },
    },
  };
}

const running = {
  name: 'c',
  image: 'busybox',
  imageID: '',
  ready: true,
  restartCount: 0,
  state: { running: {} },
};
const empty: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: null };

describe('newBackoffRecord', () => {
  it.each<[string, BackoffRecord, number[], number[], BackoffRecord]>([
    ['one new failure', empty, [], [T], { failuresAfterLastSuccess: 1, lastFailureTime: T }],
    [
      'two new failures',
      empty,
      [],
      [T, T - 1],
      { failuresAfterLastSuccess: 2, lastFailureTime: T },
    ],
    ['two failures followed by a success', empty, [T], [T - 2, T - 1], empty],
    [
      'two failures, a success and two more failures',
      empty,
      [T - 2],
      [T, T - 4, T - 3, T - 1],
      { failuresAfterLastSuccess: 2, lastFailureTime: T },
    ],
    [
      'a stored count of 2 and one new failure',
      { failuresAfterLastSuccess: 2, lastFailureTime: null },
      [],
      [T],
      { failuresAfterLastSuccess: 3, lastFailureTime: T },
    ],
    ['a success and a failure at the same time', empty, [T], [T], empty],
    ['nothing new', empty, [], [], empty],
    ['one success', empty, [T], [], empty],
  ])('%s', (_case, previous, succeeded, failed, expected) => {
    expect(
      newBackoffRecord(
        previous,
        succeeded.map((time) => finishedPod('Succeeded', time)),
        failed.map((time) => finishedPod('Failed', time)),
      ),
    ).toEqual(expected);
  });
});

describe('getFinishedTime', () => {
  it.each<[string, Pod, number]>([
    [
      'the latest container finish when all terminated',
      {
        status: { containerStatuses: [terminated(T - 1000), terminated(T), terminated(T - 2000)] },
      },
      T,
    ],
    [
      'the deletion timestamp while a container runs',
      {
        metadata: { deletionTimestamp: iso(T) },
        status: { containerStatuses: [terminated(T - 1000), running, terminated(T - 2000)] },
      },
      T,
    ],
    [
      'the deletion timestamp less the grace period',
      {
        metadata: { deletionTimestamp: iso(T), deletionGracePeriodSeconds: 30 },
        status: { containerStatuses: [running] },
      },
      T - 30_000,
    ],
    [
      'the Ready=False transition',
      {
        status: {
          containerStatuses: [terminated(null)],
          conditions: [
            { type: 'Ready', status: 'False', reason: 'PodFailed', lastTransitionTime: iso(T) },
          ],
        },
      },
      T,
    ],
    [
      'not a Ready=True transition',
      {
        metadata: { deletionTimestamp: iso(T) },
        status: {
          containerStatuses: [terminated(null)],
          conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: iso(T - 30_000) }],
        },
      },
      T,
    ],
    [
      'the creation timestamp as a last resort',
      {
        metadata: { creationTimestamp: iso(T) },
        status: { containerStatuses: [terminated(null)] },
      },
      T,
    ],
    [
      'a sidecar that stops after the regular containers',
      {
        spec: { containers: [], initContainers: [{ name: 'sidecar', restartPolicy: 'Always' }] },
        status: {
          containerStatuses: [terminated(T - 1000)],
          initContainerStatuses: [{ ...terminated(T), name: 'sidecar' }],
        },
      },
      T,
    ],
  ])('uses %s', (_case, pod, expected) => {
    expect(getFinishedTime(pod)).toBe(expected);
  });
});

describe('remainingBackoff', () => {
  it.each<[string, number, number, number]>([
    ['no failures', 0, 0, 0],
    ['one failure just now', 1, 0, 5],
    ['one failure a second ago', 1, 1, 4],
    ['one failure exactly one back-off ago', 1, 5, 0],
    ['one failure longer ago than the back-off', 1, 6, 0],
    ['three failures just now', 3, 0, 20],
    ['eight failures, under the cap', 8, 0, 640],
    ['nine failures, at the cap', 9, 0, 700],
  ])('%s', (_case, failures, elapsedSeconds, expectedSeconds) => {
    const record = { failuresAfterLastSuccess: failures, lastFailureTime: failures ? T : null };
    expect(remainingBackoff(record, T + elapsedSeconds * 1000, 5000, 700_000)).toBe(
      expectedSeconds * 1000,
    );
  });

  it('defaults to 10 s doubling to a 10 minute cap', () => {
    const after = (failures: number): number =>
      remainingBackoff({ failuresAfterLastSuccess: failures, lastFailureTime: T }, T);
    expect([1, 2, 3, 4, 6, 7, 8].map(after)).toEqual([
      10_000, 20_000, 40_000, 80_000, 320_000, 600_000, 600_000,
    ]);
  });
});
