// The pod garbage collector, after upstream's gc_controller_test.go: which terminated pods go
// over the threshold, as a table; and in a whole cluster, orphaned pods after the quarantine and
// terminating pods on a node an admin marked out of service.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { NODE_TYPE, POD_TYPE } from '../../client/client.ts';
import {
  isRunningReady,
  podsIn,
  readyCluster,
  storedUnder,
  type Cluster,
} from '../workloads-testing.ts';
import { terminatedPodsToDelete } from './gc-controller.ts';

function pod(name: string, phase: string, createdSecond: number, reason?: string): Pod {
  return {
    metadata: {
      name,
      namespace: 'default',
      creationTimestamp: `2025-01-01T00:00:${String(createdSecond).padStart(2, '0')}Z`,
    },
    status: { phase, ...(reason ? { reason } : {}) },
  };
}

describe('gcTerminated', () => {
  it.each<[string, Pod[], number, string[]]>([
    ['nothing under the threshold', [pod('a', 'Failed', 1), pod('b', 'Succeeded', 2)], 2, []],
    ['a threshold of 0 turns it off', [pod('a', 'Failed', 1)], 0, []],
    [
      'the oldest terminated pods over the threshold, running ones never',
      [
        pod('new', 'Succeeded', 9),
        pod('old', 'Failed', 1),
        pod('run', 'Running', 0),
        pod('mid', 'Failed', 5),
      ],
      1,
      ['old', 'mid'],
    ],
    [
      'evicted pods first, then by age, then by name',
      [pod('b', 'Failed', 1), pod('a', 'Failed', 1), pod('evicted', 'Failed', 8, 'Evicted')],
      1,
      ['evicted', 'a'],
    ],
  ])('%s', (_name, pods, threshold, expected) => {
    expect(terminatedPodsToDelete(pods, threshold).map((p) => p.metadata?.name)).toEqual(expected);
  });
});

function podNamed(c: Cluster, name: string): Pod | undefined {
  return podsIn(c).find((candidate) => candidate.metadata?.name === name);
}

function createPod(
  c: Cluster,
  name: string,
  nodeName: string,
  finalizers: string[] = [],
): Promise<Pod> {
  return c.run((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, finalizers },
      spec: { nodeName, containers: [{ name: 'app', image: 'nginx' }] },
    }),
  );
}

describe('pod garbage collector', () => {
  it('fails and deletes a pod bound to a node that does not exist, after the 40 s quarantine', async () => {
    const c = await readyCluster(1, 'podgc-orphan');
    // The finalizer keeps the deleted pod readable.
    await createPod(c, 'orphan', 'node-9', ['example.com/hold']);
    const createdAt = c.host.coordinator.time;
    expect(
      await c.until(
        () => podNamed(c, 'orphan')?.metadata?.deletionTimestamp !== undefined,
        120_000,
      ),
    ).toBe(true);
    const waited = c.host.coordinator.time - createdAt;
    // Seen missing at the first 20 s pass, confirmed gone two passes later.
    expect(waited).toBeGreaterThanOrEqual(40_000);
    expect(waited).toBeLessThanOrEqual(60_000);
    const orphan = podNamed(c, 'orphan');
    expect(orphan?.status?.phase).toBe('Failed');
    expect(orphan?.status?.conditions).toEqual([
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByPodGC',
        message: 'PodGC: node no longer exists',
        lastTransitionTime: expect.any(String) as string,
      },
    ]);
    expect(orphan?.metadata?.deletionGracePeriodSeconds).toBe(0);
  });

  it('force-deletes the terminating pods of an unreachable node tainted out-of-service', async () => {
    const c = await readyCluster(2, 'podgc-out-of-service');
    await createPod(c, 'app', 'node-2');
    expect(await c.until(() => isRunningReady(podNamed(c, 'app') ?? {}))).toBe(true);
    c.host.stopHeartbeat('node-2');
    const tainted = (): boolean =>
      storedUnder<Node>(c, '/registry/minions/node-2').some((node) =>
        (node.spec?.taints ?? []).some(
          (taint) => taint.key === 'node.kubernetes.io/unreachable' && taint.effect === 'NoExecute',
        ),
      );
    expect(await c.until(tainted, 120_000)).toBe(true);
    await c.run(async (client) => {
      const nodes = client.resource<Node>(NODE_TYPE);
      const node = await nodes.get('node-2');
      const outOfService = {
        key: 'node.kubernetes.io/out-of-service',
        value: 'nodeshutdown',
        effect: 'NoExecute',
      };
      return nodes.patch('node-2', 'merge', {
        metadata: { resourceVersion: node.metadata?.resourceVersion },
        spec: { taints: [...(node.spec?.taints ?? []), outOfService] },
      });
    });
    // The taint eviction controller deletes it at once; the kubelet is not there to finish it.
    expect(await c.until(() => podNamed(c, 'app')?.metadata?.deletionTimestamp !== undefined)).toBe(
      true,
    );
    const terminatingAt = c.host.coordinator.time;
    expect(await c.until(() => podNamed(c, 'app') === undefined, 60_000)).toBe(true);
    expect(c.host.coordinator.time - terminatingAt).toBeLessThanOrEqual(20_000);
  });
});
