// A node that stops heart-beating, end to end in the in-process host: the node lifecycle
// controller marks it Unknown after the 50 s grace period and taints it unreachable:NoExecute,
// the taint eviction controller deletes its pods 300 s later (the DefaultTolerationSeconds
// toleration), the ReplicaSet replaces them elsewhere, and the evicted pods stay Terminating
// until the node is back and its kubelet finishes them.

import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { formatTime, parseTime } from '../api/time.ts';
import { REPLICA_SET_TYPE } from '../client/client.ts';
import {
  eventsAbout,
  isRunningReady,
  podsIn,
  readyCluster,
  storedUnder,
  type Cluster,
} from '../controllers/workloads-testing.ts';

function nodeNamed(c: Cluster, name: string): Node | undefined {
  return storedUnder<Node>(c, '/registry/minions/').find((node) => node.metadata?.name === name);
}

function readyStatus(node: Node | undefined): string | undefined {
  return node?.status?.conditions?.find((condition) => condition.type === 'Ready')?.status;
}

function createReplicaSet(c: Cluster, replicas: number): Promise<ReplicaSet> {
  return c.run((client) =>
    client.resource<ReplicaSet>(REPLICA_SET_TYPE, 'default').create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    }),
  );
}

function leaseRenewTime(c: Cluster, node: string): number {
  const lease = c.objects.get(`/registry/leases/kube-node-lease/${node}`) as Lease | undefined;
  return parseTime(lease?.spec?.renewTime ?? '');
}

const UNKNOWN = {
  status: 'Unknown',
  reason: 'NodeStatusUnknown',
  message: 'Kubelet stopped posting node status.',
};

describe('a node that stops heart-beating', () => {
  it('is marked Unknown and tainted, its pods evicted 300 s later and replaced, and finished once it is back', async () => {
    const c = await readyCluster(3, 'node-lifecycle');
    await createReplicaSet(c, 3);
    expect(await c.until(() => podsIn(c).length === 3 && podsIn(c).every(isRunningReady))).toBe(
      true,
    );
    const target = podsIn(c)[0]?.spec?.nodeName ?? '';
    const victims = podsIn(c).filter((pod) => pod.spec?.nodeName === target);
    const names = victims.map((pod) => pod.metadata?.name ?? '');
    // DefaultTolerationSeconds gave every pod five minutes on a not-ready or unreachable node.
    expect(victims[0]?.spec?.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
    const now = (): number => c.host.coordinator.time;
    const onTarget = (): Pod[] =>
      podsIn(c).filter((pod) => names.includes(pod.metadata?.name ?? ''));
    const nodeEventsBefore = eventsAbout(c, 'Node', target);

    c.host.stopHeartbeat(target);
    const stoppedAt = now();
    expect(await c.until(() => readyStatus(nodeNamed(c, target)) === 'Unknown', 120_000)).toBe(
      true,
    );
    const unknownAt = now();
    const lastRenewal = leaseRenewTime(c, target);
    // The Lease was last seen at the first 5 s pass after its renewal; 50 s of grace after that.
    expect(lastRenewal).toBeLessThanOrEqual(stoppedAt);
    expect(unknownAt - lastRenewal).toBeGreaterThan(50_000);
    expect(unknownAt - lastRenewal).toBeLessThanOrEqual(60_000);
    const conditions = nodeNamed(c, target)?.status?.conditions ?? [];
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'])
      expect(conditions.find((condition) => condition.type === type)).toMatchObject({
        ...UNKNOWN,
        lastTransitionTime: formatTime(unknownAt),
      });
    await c.until(() => eventsAbout(c, 'Node', target).length > nodeEventsBefore.length);
    expect(eventsAbout(c, 'Node', target)).toEqual([
      ...nodeEventsBefore,
      `NodeNotReady: Node ${target} status is now: NodeNotReady`,
    ]);
    for (const pod of onTarget()) {
      expect(pod.status?.conditions?.find((condition) => condition.type === 'Ready')).toMatchObject(
        { status: 'False', lastTransitionTime: formatTime(unknownAt) },
      );
    }

    const noExecute = (): Taint | undefined =>
      nodeNamed(c, target)?.spec?.taints?.find((taint) => taint.effect === 'NoExecute');
    expect(await c.until(() => noExecute() !== undefined, 60_000)).toBe(true);
    const taintedAt = now();
    // Queued by the next monitor pass (5 s), added by the tainting pass 100 ms after it.
    expect(taintedAt - unknownAt).toBe(5_100);
    expect(nodeNamed(c, target)?.spec?.taints).toEqual([
      {
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoSchedule',
        timeAdded: formatTime(unknownAt),
      },
      {
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoExecute',
        timeAdded: formatTime(taintedAt),
      },
    ]);

    expect(
      await c.until(() => onTarget().every((pod) => pod.metadata?.deletionTimestamp), 400_000),
    ).toBe(true);
    const evictedAt = now();
    expect(evictedAt - taintedAt).toBe(300_000);
    for (const pod of onTarget()) {
      expect(
        pod.status?.conditions?.find((condition) => condition.type === 'DisruptionTarget'),
      ).toEqual({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: formatTime(evictedAt),
      });
      expect(eventsAbout(c, 'Pod', pod.metadata?.name ?? '').slice(-2)).toEqual([
        'NodeNotReady: Node is not ready',
        `TaintManagerEviction: Marking for deletion Pod default/${pod.metadata?.name ?? ''}`,
      ]);
    }

    const replacements = (): Pod[] =>
      podsIn(c).filter((pod) => !names.includes(pod.metadata?.name ?? ''));
    expect(
      await c.until(
        () => replacements().length === 3 && replacements().every(isRunningReady),
        60_000,
      ),
    ).toBe(true);
    expect(replacements().every((pod) => pod.spec?.nodeName !== target)).toBe(true);
    // Nobody can confirm the containers stopped: the pods stay Terminating while the node is away.
    await c.until(() => false, 600_000);
    expect(onTarget().map((pod) => pod.metadata?.name)).toEqual(names);

    const nodeEventsAway = eventsAbout(c, 'Node', target);
    c.host.resumeHeartbeat(target);
    expect(await c.until(() => onTarget().length === 0, 120_000)).toBe(true);
    expect(
      await c.until(
        () =>
          readyStatus(nodeNamed(c, target)) === 'True' &&
          (nodeNamed(c, target)?.spec?.taints ?? []).length === 0,
        60_000,
      ),
    ).toBe(true);
    expect(eventsAbout(c, 'Node', target)).toEqual([
      ...nodeEventsAway,
      `NodeHasSufficientMemory: Node ${target} status is now: NodeHasSufficientMemory`,
      `NodeHasNoDiskPressure: Node ${target} status is now: NodeHasNoDiskPressure`,
      `NodeHasSufficientPID: Node ${target} status is now: NodeHasSufficientPID`,
      `NodeReady: Node ${target} status is now: NodeReady`,
    ]);
    for (const name of names)
      expect(eventsAbout(c, 'Pod', name).at(-1)).toBe('Killing: Stopping container nginx');
  });
});

describe('node lifecycle edge cases', () => {
  it('cancels the evictions of a node back before its pods’ 300 s are up', async () => {
    const c = await readyCluster(2, 'node-back');
    await createReplicaSet(c, 2);
    expect(await c.until(() => podsIn(c).length === 2 && podsIn(c).every(isRunningReady))).toBe(
      true,
    );
    const target = podsIn(c)[0]?.spec?.nodeName ?? '';
    const names = podsIn(c)
      .filter((pod) => pod.spec?.nodeName === target)
      .map((pod) => pod.metadata?.name ?? '');
    c.host.stopHeartbeat(target);
    const tainted = (): boolean =>
      (nodeNamed(c, target)?.spec?.taints ?? []).some((taint) => taint.effect === 'NoExecute');
    expect(await c.until(tainted, 120_000)).toBe(true);
    await c.until(() => false, 60_000);
    c.host.resumeHeartbeat(target);
    expect(await c.until(() => !tainted(), 60_000)).toBe(true);
    await c.until(() => false, 600_000);
    for (const name of names) {
      const pod = podsIn(c).find((candidate) => candidate.metadata?.name === name);
      expect(pod?.metadata?.deletionTimestamp).toBeUndefined();
      expect(pod && isRunningReady(pod)).toBe(true);
      expect(eventsAbout(c, 'Pod', name).slice(-2)).toEqual([
        'NodeNotReady: Node is not ready',
        `TaintManagerEviction: Cancelling deletion of Pod default/${name}`,
      ]);
    }
  });

  it('does not taint for eviction when every node is down (full disruption)', async () => {
    const c = await readyCluster(1, 'all-down');
    await createReplicaSet(c, 1);
    expect(await c.until(() => podsIn(c).length === 1 && podsIn(c).every(isRunningReady))).toBe(
      true,
    );
    c.host.stopHeartbeat('node-1');
    expect(await c.until(() => readyStatus(nodeNamed(c, 'node-1')) === 'Unknown', 120_000)).toBe(
      true,
    );
    await c.until(() => false, 600_000);
    expect(nodeNamed(c, 'node-1')?.spec?.taints?.map((taint) => taint.effect)).toEqual([
      'NoSchedule',
    ]);
    expect(podsIn(c).map((pod) => pod.metadata?.deletionTimestamp)).toEqual([undefined]);
  });
});
