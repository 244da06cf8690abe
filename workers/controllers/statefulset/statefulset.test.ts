// The StatefulSet controller in a whole cluster: pods come up one ordinal at a time (OrderedReady)
// or all at once (Parallel), carry their identity, scale down from the highest ordinal, and a
// rolling update replaces pods from the top down to the partition.

import type { ControllerRevision, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  eventsAbout,
  isRunningReady,
  podsIn,
  readyCluster,
  storedUnder,
  type Cluster,
} from '../workloads-testing.ts';
import { STATEFUL_SET_TYPE } from './statefulset.ts';

function statefulSet(
  replicas: number,
  extra: Partial<NonNullable<StatefulSet['spec']>> = {},
): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web' },
    spec: {
      replicas,
      serviceName: 'nginx',
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
      ...extra,
    },
  };
}

const stored = (c: Cluster): StatefulSet | undefined =>
  c.objects.get('/registry/statefulsets/default/web') as StatefulSet | undefined;
const webPods = (c: Cluster): Pod[] => podsIn(c, 'web-');
const names = (pods: Pod[]): string[] => pods.map((pod) => pod.metadata?.name ?? '').sort();
const imageOf = (pod: Pod): string => pod.spec?.containers[0]?.image ?? '';

function create(c: Cluster, set: StatefulSet): Promise<StatefulSet> {
  return c.run((client) => client.resource<StatefulSet>(STATEFUL_SET_TYPE, 'default').create(set));
}

function patch(c: Cluster, body: unknown): Promise<StatefulSet> {
  return c.run((client) =>
    client.resource<StatefulSet>(STATEFUL_SET_TYPE, 'default').patch('web', 'strategic', body),
  );
}

/** Records, for each pod as it first appears, which other pods were Running and Ready then. */
function trackCreations(c: Cluster): () => { name: string; readyBefore: string[] }[] {
  const seen: { name: string; readyBefore: string[] }[] = [];
  return () => {
    for (const pod of webPods(c)) {
      const name = pod.metadata?.name ?? '';
      if (seen.some((entry) => entry.name === name)) continue;
      const readyBefore = webPods(c).filter((other) => other !== pod && isRunningReady(other));
      seen.push({ name, readyBefore: names(readyBefore) });
    }
    return seen;
  };
}

describe('StatefulSet controller', () => {
  it('creates web-0, web-1, web-2 in order, each after its predecessors are Running and Ready', async () => {
    const c = await readyCluster(2);
    const set = await create(c, statefulSet(3));
    const track = trackCreations(c);
    const done = await c.until(() => {
      track();
      return (
        webPods(c).filter(isRunningReady).length === 3 && stored(c)?.status?.availableReplicas === 3
      );
    });
    expect(done).toBe(true);
    expect(track()).toEqual([
      { name: 'web-0', readyBefore: [] },
      { name: 'web-1', readyBefore: ['web-0'] },
      { name: 'web-2', readyBefore: ['web-0', 'web-1'] },
    ]);
    const revision = storedUnder<ControllerRevision>(
      c,
      '/registry/controllerrevisions/default/',
    )[0];
    const revisionName = revision?.metadata?.name ?? '';
    expect(revisionName).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    for (const [ordinal, pod] of webPods(c).entries()) {
      expect(pod.metadata?.labels).toEqual({
        app: 'nginx',
        'apps.kubernetes.io/pod-index': String(ordinal),
        'controller-revision-hash': revisionName,
        'statefulset.kubernetes.io/pod-name': `web-${String(ordinal)}`,
      });
      expect(pod.metadata?.generateName).toBe('web-');
      expect(pod.spec?.hostname).toBe(`web-${String(ordinal)}`);
      expect(pod.spec?.subdomain).toBe('nginx');
      expect(pod.metadata?.ownerReferences?.[0]?.uid).toBe(set.metadata?.uid);
    }
    expect(stored(c)?.status).toEqual({
      observedGeneration: 1,
      replicas: 3,
      readyReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      currentRevision: revisionName,
      updateRevision: revisionName,
      collisionCount: 0,
      availableReplicas: 3,
    });
    expect(eventsAbout(c, 'StatefulSet', 'web')).toEqual([
      'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-1 in StatefulSet web successful',
      'SuccessfulCreate: create Pod web-2 in StatefulSet web successful',
    ]);
  });

  it('creates every pod at once under Parallel', async () => {
    const c = await readyCluster(2);
    await create(c, statefulSet(3, { podManagementPolicy: 'Parallel' }));
    const track = trackCreations(c);
    expect(
      await c.until(() => {
        track();
        return webPods(c).filter(isRunningReady).length === 3;
      }),
    ).toBe(true);
    expect(track().map((entry) => entry.readyBefore)).toEqual([[], [], []]);
  });

  it('scales down from the highest ordinal, one pod at a time', async () => {
    const c = await readyCluster(2);
    await create(c, statefulSet(3));
    expect(await c.until(() => webPods(c).filter(isRunningReady).length === 3)).toBe(true);
    await patch(c, { spec: { replicas: 1 } });
    expect(await c.until(() => webPods(c).length === 1 && stored(c)?.status?.replicas === 1)).toBe(
      true,
    );
    expect(names(webPods(c))).toEqual(['web-0']);
    expect(
      eventsAbout(c, 'StatefulSet', 'web').filter((event) => event.startsWith('SuccessfulDelete')),
    ).toEqual([
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('rolls an update from the top down to the partition and keeps the rest', async () => {
    const c = await readyCluster(2);
    await create(
      c,
      statefulSet(3, {
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
      }),
    );
    expect(await c.until(() => webPods(c).filter(isRunningReady).length === 3)).toBe(true);
    const first = stored(c)?.status?.currentRevision ?? '';
    await patch(c, {
      spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.28' }] } } },
    });
    expect(
      await c.until(
        () =>
          stored(c)?.status?.updatedReplicas === 2 &&
          webPods(c).filter((pod) => isRunningReady(pod) && !pod.metadata?.deletionTimestamp)
            .length === 3,
      ),
    ).toBe(true);
    expect(webPods(c).map(imageOf)).toEqual(['nginx:1.27', 'nginx:1.28', 'nginx:1.28']);
    const status = stored(c)?.status;
    expect(status?.currentRevision).toBe(first);
    expect(status?.updateRevision).not.toBe(first);
    expect(status?.currentReplicas).toBe(1);
    expect(
      eventsAbout(c, 'StatefulSet', 'web').filter((event) => event.startsWith('SuccessfulDelete')),
    ).toEqual([
      'SuccessfulDelete: delete Pod web-2 in StatefulSet web successful',
      'SuccessfulDelete: delete Pod web-1 in StatefulSet web successful',
    ]);
    await patch(c, { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } });
    expect(
      await c.until(
        () =>
          stored(c)?.status?.currentRevision === status?.updateRevision &&
          stored(c)?.status?.updatedReplicas === 3,
      ),
    ).toBe(true);
    expect(webPods(c).map(imageOf)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
  });
});
