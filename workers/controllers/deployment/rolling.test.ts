// The cases of upstream's rolling_test.go: how far one sync grows the new ReplicaSet and shrinks
// the old ones under maxSurge and maxUnavailable.

import { describe, expect, it } from 'vitest';
import {
  cleanupUnhealthyReplicas,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  scaleDownOldReplicaSetsForRollingUpdate,
} from './rolling.ts';
import { fakeCluster, newDeployment, rs, scaledTo } from './testing.ts';

describe('reconcileNewReplicaSet', () => {
  it.each([
    {
      name: 'does not scale up without surge',
      replicas: 10,
      surge: 0,
      old: 10,
      new: 0,
      expected: undefined,
    },
    { name: 'scales up by the surge', replicas: 10, surge: 2, old: 10, new: 0, expected: 2 },
    {
      name: 'scales up to fill room left by old pods',
      replicas: 10,
      surge: 2,
      old: 5,
      new: 0,
      expected: 7,
    },
    {
      name: 'waits when the surge is used up',
      replicas: 10,
      surge: 2,
      old: 10,
      new: 2,
      expected: undefined,
    },
    {
      name: 'scales down a new set above spec.replicas',
      replicas: 10,
      surge: 2,
      old: 2,
      new: 11,
      expected: 10,
    },
  ])('$name', async ({ replicas, surge, old, new: fresh, expected }) => {
    const cluster = fakeCluster();
    const newRS = rs('foo-v2', fresh, 0);
    const oldRS = rs('foo-v1', old, 10);
    const d = newDeployment('foo', replicas, { maxSurge: surge });
    const scaled = await reconcileNewReplicaSet(cluster.ctx, [newRS, oldRS], newRS, d);
    expect(scaled).toBe(expected !== undefined);
    expect(scaledTo(cluster)).toEqual(expected === undefined ? {} : { 'foo-v2': expected });
  });
});

describe('reconcileOldReplicaSets', () => {
  it.each([
    {
      name: 'scales down one with maxUnavailable 0',
      unavailable: 0,
      old: 10,
      new: 0,
      oldReady: 10,
      newReady: 0,
      expected: 9,
    },
    {
      name: 'scales down by maxUnavailable',
      unavailable: 2,
      old: 10,
      new: 0,
      oldReady: 10,
      newReady: 0,
      expected: 8,
    },
    {
      name: 'cleans up unhealthy old replicas',
      unavailable: 2,
      old: 10,
      new: 0,
      oldReady: 8,
      newReady: 0,
      expected: 8,
    },
    {
      name: 'cleans one unhealthy replica and scales down a ready one',
      unavailable: 2,
      old: 10,
      new: 0,
      oldReady: 9,
      newReady: 0,
      expected: 8,
    },
    {
      name: 'does not count on unavailable new pods',
      unavailable: 2,
      old: 8,
      new: 2,
      oldReady: 8,
      newReady: 0,
      expected: undefined,
    },
  ])('$name', async ({ unavailable, old, new: fresh, oldReady, newReady, expected }) => {
    const cluster = fakeCluster();
    const newRS = rs('foo-new', fresh, 0, { replicas: fresh, availableReplicas: newReady });
    const oldRS = rs('foo-old', old, 10, { replicas: old, availableReplicas: oldReady });
    const d = newDeployment('foo', 10, { maxSurge: 0, maxUnavailable: unavailable });
    const scaled = await reconcileOldReplicaSets(cluster.ctx, [oldRS, newRS], [oldRS], newRS, d);
    expect(scaled).toBe(expected !== undefined);
    if (expected !== undefined) expect(scaledTo(cluster)['foo-old']).toBe(expected);
  });
});

describe('cleanupUnhealthyReplicas', () => {
  it.each([
    { oldReplicas: 10, ready: 8, maxCleanup: 1, expected: 1 },
    { oldReplicas: 10, ready: 8, maxCleanup: 3, expected: 2 },
    { oldReplicas: 10, ready: 8, maxCleanup: 0, expected: 0 },
    { oldReplicas: 10, ready: 10, maxCleanup: 3, expected: 0 },
  ])(
    'removes $expected of the unready pods of $oldReplicas (at most $maxCleanup)',
    async ({ oldReplicas, ready, maxCleanup, expected }) => {
      const cluster = fakeCluster();
      const oldRS = rs('foo-v2', oldReplicas, 0, {
        replicas: oldReplicas,
        availableReplicas: ready,
      });
      const d = newDeployment('foo', 10, { maxSurge: 2, maxUnavailable: 2 });
      const { count } = await cleanupUnhealthyReplicas(cluster.ctx, [oldRS], d, maxCleanup);
      expect(count).toBe(expected);
    },
  );
});

describe('scaleDownOldReplicaSetsForRollingUpdate', () => {
  it.each([
    { unavailable: 0, ready: 10, old: 10, expected: 9 },
    { unavailable: 2, ready: 10, old: 10, expected: 8 },
    { unavailable: 2, ready: 8, old: 10, expected: undefined },
    { unavailable: 2, ready: 10, old: 0, expected: undefined },
    { unavailable: 2, ready: 1, old: 10, expected: undefined },
  ])(
    'with maxUnavailable $unavailable and $ready of $old ready scales to $expected',
    async ({ unavailable, ready, old, expected }) => {
      const cluster = fakeCluster();
      const oldRS = rs('foo-v2', old, 0, { replicas: old, availableReplicas: ready });
      const d = newDeployment('foo', 10, { maxSurge: 0, maxUnavailable: unavailable });
      const scaled = await scaleDownOldReplicaSetsForRollingUpdate(
        cluster.ctx,
        [oldRS],
        [oldRS],
        d,
      );
      expect(scaled > 0).toBe(expected !== undefined);
      expect(scaledTo(cluster)).toEqual(expected === undefined ? {} : { 'foo-v2': expected });
    },
  );
});
