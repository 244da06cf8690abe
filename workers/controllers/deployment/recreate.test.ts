// The cases of upstream's recreate_test.go TestOldPodsRunning: a Recreate rollout waits while an
// old ReplicaSet reports pods or any of its pods is not in a terminal phase.

import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { oldPodsRunning, type PodMap } from './recreate.ts';
import { rs } from './testing.ts';

function pod(phase: NonNullable<Pod['status']>['phase']): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase } };
}

const newRS = rs('foo-new', 1, 0, { replicas: 1 });
const oldRS = rs('foo-old', 0, 60, { replicas: 0 });

describe('oldPodsRunning', () => {
  it.each([
    { name: 'no old ReplicaSets', oldStatusReplicas: undefined, oldPods: [], expected: false },
    {
      name: 'old ReplicaSets with running pods',
      oldStatusReplicas: 0,
      oldPods: [pod('Running')],
      expected: true,
    },
    {
      name: 'an old ReplicaSet without pods but reporting replicas',
      oldStatusReplicas: 1,
      oldPods: [],
      expected: true,
    },
    {
      name: 'an old ReplicaSet without pods or replicas',
      oldStatusReplicas: 0,
      oldPods: [],
      expected: false,
    },
    {
      name: 'only terminal old pods',
      oldStatusReplicas: 0,
      oldPods: [pod('Failed'), pod('Succeeded')],
      expected: false,
    },
    {
      name: 'an old pod in the Unknown phase',
      oldStatusReplicas: 0,
      oldPods: [pod('Unknown')],
      expected: true,
    },
    { name: 'a pending old pod', oldStatusReplicas: 0, oldPods: [pod('Pending')], expected: true },
    {
      name: 'terminal and pending old pods',
      oldStatusReplicas: 0,
      oldPods: [pod('Failed'), pod('Succeeded'), pod('Pending')],
      expected: true,
    },
  ])('$name: $expected', ({ oldStatusReplicas, oldPods, expected }) => {
    const oldRSs =
      oldStatusReplicas === undefined
        ? []
        : [{ ...oldRS, status: { replicas: oldStatusReplicas } }];
    const podMap: PodMap = new Map([
      ['uid-foo-new', [pod('Running')]],
      ...(oldRSs.length > 0 ? [['uid-foo-old', oldPods] as const] : []),
    ]);
    expect(oldPodsRunning(newRS, oldRSs, podMap)).toBe(expected);
  });
});
