// Scheduler journeys through a whole in-process cluster: required anti-affinity spreads pods one
// per node and leaves the extra one Pending in the scheduler's words; a high-priority pod preempts
// a low-priority one, which is evicted with the Preempted event, and takes its place.

import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import type { KubeObject } from '../client/protocol.ts';
import { InProcessHost } from '../host/in-process-host.ts';

interface Cluster {
  host: InProcessHost;
  objects: Map<string, KubeObject>;
}

async function readyCluster(nodes: number): Promise<Cluster> {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed: 1,
    nodes,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  const c = { host, objects };
  const ready = await host.runUntil(
    () =>
      readyNodes(c).length === nodes && objects.has('/registry/serviceaccounts/default/default'),
    120_000,
  );
  expect(ready).toBe(true);
  return c;
}

function readyNodes({ objects }: Cluster): Node[] {
  return [...objects.entries()]
    .filter(([key]) => key.startsWith('/registry/minions/'))
    .map(([, object]) => object as Node)
    .filter(
      (node) =>
        node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true &&
        (node.spec?.taints ?? []).length === 0,
    );
}

const pod = (c: Cluster, name: string) =>
  c.objects.get(`/registry/pods/default/${name}`) as Pod | undefined;

/** `Reason: message` of every event about `name`, oldest first (stored as core/v1 Events). */
function eventsAbout(c: Cluster, name: string): string[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/'))
    .map(([, object]) => object as KubeObject & Record<string, unknown>)
    .filter((event) => (event.involvedObject as { name?: string } | undefined)?.name === name)
    .map((event) => `${String(event.reason)}: ${String(event.message)}`);
}

function create(c: Cluster, manifest: Pod): Promise<Pod> {
  return c.host.kubectlDo((client) => client.resource<Pod>(POD_TYPE, 'default').create(manifest));
}

function webPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { app: 'web' } },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx' }],
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            {
              labelSelector: { matchLabels: { app: 'web' } },
              topologyKey: 'kubernetes.io/hostname',
            },
          ],
        },
      },
    },
  };
}

function cpuPod(name: string, cpu: string, priorityClassName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [{ name: 'nginx', image: 'nginx', resources: { requests: { cpu } } }],
      ...(priorityClassName ? { priorityClassName } : {}),
    },
  };
}

describe('Scheduler in a cluster', () => {
  it('spreads pods with required anti-affinity one per node and keeps the extra one Pending', async () => {
    const c = await readyCluster(3);
    for (const name of ['web-1', 'web-2', 'web-3', 'web-4']) await create(c, webPod(name));
    const message =
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
    const settled = await c.host.runUntil(
      () =>
        ['web-1', 'web-2', 'web-3'].every((name) => pod(c, name)?.spec?.nodeName) &&
        pod(c, 'web-4')?.status?.conditions?.some((condition) => condition.message === message) ===
          true,
      60_000,
    );
    expect(settled).toBe(true);
    const placed = ['web-1', 'web-2', 'web-3'].map((name) => pod(c, name)?.spec?.nodeName);
    expect(new Set(placed).size).toBe(3);
    expect(pod(c, 'web-4')?.spec?.nodeName).toBeUndefined();
    expect(eventsAbout(c, 'web-4')[0]).toBe(`FailedScheduling: ${message}`);
  });

  it('lets a high-priority pod preempt a low-priority one and take its node', async () => {
    const c = await readyCluster(1);
    const [node] = readyNodes(c);
    const cpu = node?.status?.allocatable?.cpu ?? '';
    await create(c, cpuPod('low', cpu));
    expect(await c.host.runUntil(() => pod(c, 'low')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );
    const preemptor = await create(c, cpuPod('high', '500m', 'system-cluster-critical'));
    const bound = await c.host.runUntil(
      () =>
        pod(c, 'low') === undefined &&
        eventsAbout(c, 'high').includes('Scheduled: Successfully assigned default/high to node-1'),
      120_000,
    );
    expect(bound).toBe(true);
    expect(pod(c, 'high')?.status?.nominatedNodeName).toBe('node-1');
    expect(eventsAbout(c, 'low')).toContain(
      `Preempted: Preempted by pod ${preemptor.metadata?.uid ?? ''} on node node-1`,
    );
    expect(eventsAbout(c, 'high')).toEqual([
      'FailedScheduling: 0/1 nodes are available: 1 Insufficient cpu.',
      'Scheduled: Successfully assigned default/high to node-1',
    ]);
  });
});
