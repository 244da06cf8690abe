// The ReplicaSet and ReplicationController controllers in a whole cluster: adopting an orphan
// pod that matches, releasing a pod whose labels stop matching, and the same loop for a
// ReplicationController with its own events.

import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CORE_V1, POD_TYPE, REPLICA_SET_TYPE } from '../../client/client.ts';
import { controllerOf } from '../controller-ref.ts';
import {
  eventsAbout,
  isRunningReady,
  podsIn,
  readyCluster,
  type Cluster,
} from '../workloads-testing.ts';

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
};

function createReplicaSet(c: Cluster, replicas: number): Promise<ReplicaSet> {
  return c.run((client) =>
    client.resource<ReplicaSet>(REPLICA_SET_TYPE, 'default').create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: { replicas, selector: { matchLabels: { app: 'web' } }, template },
    }),
  );
}

function createOrphan(c: Cluster, name: string): Promise<Pod> {
  return c.run((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: 'web' } },
      spec: template.spec,
    }),
  );
}

const ownerName = (pod: Pod): string => controllerOf(pod)?.name ?? '';

describe('ReplicaSet controller', () => {
  it('adopts an orphan whose labels match and creates only the missing replicas', async () => {
    const c = await readyCluster(2);
    await createOrphan(c, 'orphan');
    const rs = await createReplicaSet(c, 2);
    expect(
      await c.until(() => podsIn(c).filter((pod) => ownerName(pod) === 'web').length === 2),
    ).toBe(true);
    expect(await c.until(() => podsIn(c).every(isRunningReady))).toBe(true);
    const pods = podsIn(c);
    expect(pods).toHaveLength(2);
    expect(pods.find((pod) => pod.metadata?.name === 'orphan')?.metadata?.ownerReferences).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'web',
        uid: rs.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const created = pods.find((pod) => pod.metadata?.name !== 'orphan')?.metadata?.name ?? '';
    expect(eventsAbout(c, 'ReplicaSet', 'web')).toEqual([
      `SuccessfulCreate: Created pod: ${created}`,
    ]);
  });

  it('releases a pod relabelled out of its selector and replaces it', async () => {
    const c = await readyCluster(2);
    await createReplicaSet(c, 1);
    expect(await c.until(() => podsIn(c).length === 1)).toBe(true);
    const first = podsIn(c)[0]?.metadata?.name ?? '';
    await c.run((client) =>
      client
        .resource<Pod>(POD_TYPE, 'default')
        .patch(first, 'merge', { metadata: { labels: { app: 'debug' } } }),
    );
    expect(
      await c.until(
        () =>
          podsIn(c).length === 2 &&
          podsIn(c).every((p) =>
            p.metadata?.labels?.app === 'debug' ? !controllerOf(p) : ownerName(p) === 'web',
          ),
      ),
    ).toBe(true);
  });
});

describe('ReplicationController manager', () => {
  it('runs a ReplicationController of 2 with its own events and status', async () => {
    const c = await readyCluster(2);
    const rc = await c.run((client) =>
      client
        .resource<ReplicationController>(
          { ...CORE_V1, resource: 'replicationcontrollers' },
          'default',
        )
        .create({
          apiVersion: 'v1',
          kind: 'ReplicationController',
          metadata: { name: 'web' },
          spec: { replicas: 2, selector: { app: 'web' }, template },
        }),
    );
    const stored = () =>
      c.objects.get('/registry/controllers/default/web') as ReplicationController | undefined;
    expect(
      await c.until(
        () =>
          podsIn(c, 'web-').filter(isRunningReady).length === 2 &&
          stored()?.status?.availableReplicas === 2,
      ),
    ).toBe(true);
    for (const pod of podsIn(c, 'web-'))
      expect(controllerOf(pod)).toEqual({
        apiVersion: 'v1',
        kind: 'ReplicationController',
        name: 'web',
        uid: rc.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      });
    expect(stored()?.status).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      observedGeneration: 1,
    });
    expect(eventsAbout(c, 'ReplicationController', 'web').sort()).toEqual(
      podsIn(c, 'web-')
        .map((pod) => `SuccessfulCreate: Created pod: ${pod.metadata?.name ?? ''}`)
        .sort(),
    );
  });
});
