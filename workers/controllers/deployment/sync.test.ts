// The cases of upstream's sync_test.go: proportional scaling when a Deployment is resized during
// a rollout (TestScale) and cleanup by revisionHistoryLimit (TestDeploymentController_cleanupDeployment),
// with the ScalingReplicaSet events upstream records.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import { describe, expect, it } from 'vitest';
import { cleanupDeployment, scale } from './sync.ts';
import { fakeCluster, newDeployment, rs, scaledTo, sizedFor } from './testing.ts';

interface ScaleCase {
  name: string;
  deployment: Deployment;
  oldDeployment: Deployment;
  newRS?: ReplicaSet;
  oldRSs: ReplicaSet[];
  expected: Record<string, number>;
}

const cases: ScaleCase[] = [
  {
    name: 'normal scaling event: 10 -> 12',
    deployment: newDeployment('foo', 12),
    oldDeployment: newDeployment('foo', 10),
    newRS: rs('foo-v1', 10, 0),
    oldRSs: [],
    expected: { 'foo-v1': 12 },
  },
  {
    name: 'normal scaling event: 10 -> 5',
    deployment: newDeployment('foo', 5),
    oldDeployment: newDeployment('foo', 10),
    newRS: rs('foo-v1', 10, 0),
    oldRSs: [],
    expected: { 'foo-v1': 5 },
  },
  {
    name: 'proportional scaling: 5 -> 10',
    deployment: newDeployment('foo', 10),
    oldDeployment: newDeployment('foo', 5),
    newRS: rs('foo-v2', 2, 0),
    oldRSs: [rs('foo-v1', 3, 60)],
    expected: { 'foo-v2': 4, 'foo-v1': 6 },
  },
  {
    name: 'proportional scaling: 5 -> 3',
    deployment: newDeployment('foo', 3),
    oldDeployment: newDeployment('foo', 5),
    newRS: rs('foo-v2', 2, 0),
    oldRSs: [rs('foo-v1', 3, 60)],
    expected: { 'foo-v2': 1, 'foo-v1': 2 },
  },
  {
    name: 'proportional scaling: 9 -> 4',
    deployment: newDeployment('foo', 4),
    oldDeployment: newDeployment('foo', 9),
    newRS: rs('foo-v2', 8, 0),
    oldRSs: [rs('foo-v1', 1, 60)],
    expected: { 'foo-v2': 4, 'foo-v1': 0 },
  },
  {
    name: 'proportional scaling: 7 -> 10',
    deployment: newDeployment('foo', 10),
    oldDeployment: newDeployment('foo', 7),
    newRS: rs('foo-v3', 2, 0),
    oldRSs: [rs('foo-v2', 3, 60), rs('foo-v1', 2, 120)],
    expected: { 'foo-v3': 3, 'foo-v2': 4, 'foo-v1': 3 },
  },
  {
    name: 'proportional scaling: 13 -> 8',
    deployment: newDeployment('foo', 8),
    oldDeployment: newDeployment('foo', 13),
    newRS: rs('foo-v3', 2, 0),
    oldRSs: [rs('foo-v2', 8, 60), rs('foo-v1', 3, 120)],
    expected: { 'foo-v3': 1, 'foo-v2': 5, 'foo-v1': 2 },
  },
  {
    name: 'leftover distribution: 3 -> 4 scales up the newest set',
    deployment: newDeployment('foo', 4),
    oldDeployment: newDeployment('foo', 3),
    newRS: rs('foo-v3', 1, 0),
    oldRSs: [rs('foo-v2', 1, 60), rs('foo-v1', 1, 120)],
    expected: { 'foo-v3': 2 },
  },
  {
    name: 'leftover distribution: 3 -> 2 scales down the oldest set',
    deployment: newDeployment('foo', 2),
    oldDeployment: newDeployment('foo', 3),
    newRS: rs('foo-v3', 1, 0),
    oldRSs: [rs('foo-v2', 1, 60), rs('foo-v1', 1, 120)],
    expected: { 'foo-v1': 0 },
  },
  {
    name: 'proportional scaling (no new rs): 4 -> 5',
    deployment: newDeployment('foo', 5),
    oldDeployment: newDeployment('foo', 4),
    oldRSs: [rs('foo-v2', 2, 60), rs('foo-v1', 2, 120)],
    expected: { 'foo-v2': 3 },
  },
  {
    name: 'proportional scaling: 6 -> 0',
    deployment: newDeployment('foo', 0),
    oldDeployment: newDeployment('foo', 6),
    newRS: rs('foo-v3', 3, 0),
    oldRSs: [rs('foo-v2', 2, 60), rs('foo-v1', 1, 120)],
    expected: { 'foo-v3': 0, 'foo-v2': 0, 'foo-v1': 0 },
  },
  {
    name: 'proportional scaling: 0 -> 6 scales up the newest set',
    deployment: newDeployment('foo', 6),
    oldDeployment: newDeployment('foo', 6),
    newRS: rs('foo-v3', 0, 0),
    oldRSs: [rs('foo-v2', 0, 60), rs('foo-v1', 0, 120)],
    expected: { 'foo-v3': 6 },
  },
  {
    name: 'deployment with surge pods',
    deployment: newDeployment('foo', 20, { maxSurge: 2 }),
    oldDeployment: newDeployment('foo', 10, { maxSurge: 2 }),
    newRS: rs('foo-v2', 6, 0),
    oldRSs: [rs('foo-v1', 6, 60)],
    expected: { 'foo-v2': 11, 'foo-v1': 11 },
  },
  {
    name: 'change both surge and size',
    deployment: newDeployment('foo', 50, { maxSurge: 6 }),
    oldDeployment: newDeployment('foo', 10, { maxSurge: 3 }),
    newRS: rs('foo-v2', 5, 0),
    oldRSs: [rs('foo-v1', 8, 60)],
    expected: { 'foo-v2': 22, 'foo-v1': 34 },
  },
];

describe('scale', () => {
  it.each(cases)('$name', async ({ deployment, oldDeployment, newRS, oldRSs, expected }) => {
    const cluster = fakeCluster();
    sizedFor(oldDeployment, newRS ? [newRS, ...oldRSs] : oldRSs);
    const total = [newRS, ...oldRSs].reduce((sum, set) => sum + (set?.spec?.replicas ?? 0), 0);
    deployment.status = { replicas: total };
    await scale(cluster.ctx, deployment, newRS, oldRSs);
    const changed = Object.fromEntries(
      Object.entries(scaledTo(cluster)).filter(
        ([name, size]) =>
          [newRS, ...oldRSs].find((set) => set?.metadata?.name === name)?.spec?.replicas !== size,
      ),
    );
    expect(changed).toEqual(expected);
  });

  it('records each resize as upstream words it', async () => {
    const cluster = fakeCluster();
    const d = newDeployment('foo', 10);
    const [newRS, oldRS] = sizedFor(newDeployment('foo', 5), [
      rs('foo-v2', 2, 0),
      rs('foo-v1', 3, 60),
    ]);
    d.status = { replicas: 5 };
    await scale(cluster.ctx, d, newRS, oldRS ? [oldRS] : []);
    expect(cluster.events).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set foo-v1 from 3 to 6',
      'Normal ScalingReplicaSet Scaled up replica set foo-v2 from 2 to 4',
    ]);
  });
});

describe('cleanupDeployment', () => {
  const revision = (set: ReplicaSet, value: string): ReplicaSet => {
    set.metadata = { ...set.metadata, annotations: { 'deployment.kubernetes.io/revision': value } };
    return set;
  };

  it.each([
    {
      name: 'deletes the oldest empty sets beyond the limit',
      oldRSs: [rs('foo-1', 0, 300), rs('foo-2', 0, 200), rs('foo-3', 0, 100)],
      limit: 1,
      deleted: ['foo-1', 'foo-2'],
    },
    {
      name: 'keeps sets that still have pods',
      oldRSs: [rs('foo-1', 0, 300, { replicas: 1 }), rs('foo-2', 1, 200), rs('foo-3', 0, 100)],
      limit: 0,
      deleted: ['foo-3'],
    },
    {
      name: 'keeps everything within the limit',
      oldRSs: [rs('foo-1', 0, 300), rs('foo-2', 0, 200)],
      limit: 2,
      deleted: [],
    },
  ])('$name', async ({ oldRSs, limit, deleted }) => {
    const cluster = fakeCluster();
    oldRSs.forEach((set, index) => revision(set, String(index + 1)));
    await cleanupDeployment(
      cluster.ctx,
      oldRSs,
      newDeployment('foo', 1, { revisionHistoryLimit: limit }),
    );
    expect(cluster.actions).toEqual(
      deleted.map((name) => `DELETE /apis/apps/v1/namespaces/default/replicasets/${name}`),
    );
  });
});
