// The whole cluster in one thread: scheduler, kubelets and controllers taking a pod from kubectl
// to Running, and the ReplicaSet, FailedScheduling and deletion journeys, watched from outside
// through the host's onChange feed.

import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE, REPLICA_SET_TYPE } from '../client/client.ts';
import type { KubeObject, TraceRecord } from '../client/protocol.ts';
import { InProcessHost } from './in-process-host.ts';

const POD_NAME_SUFFIX = /^[bcdfghjklmnpqrstvwxz2456789]{5}$/;

interface Cluster {
  host: InProcessHost;
  /** Every stored object by etcd key, as the UI sees it. */
  objects: Map<string, KubeObject>;
  traces: TraceRecord[];
}

function cluster(nodes: number, seed: number | string = 1): Cluster {
  const objects = new Map<string, KubeObject>();
  const host = new InProcessHost({
    seed,
    nodes,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
    },
  });
  const traces: TraceRecord[] = [];
  host.coordinator.onTraces((records) => traces.push(...records));
  return { host, objects, traces };
}

function readyUntainted({ objects }: Cluster): string[] {
  return [...objects.entries()]
    .filter(([key]) => key.startsWith('/registry/minions/'))
    .map(([, object]) => object as Node)
    .filter(
      (node) =>
        node.status?.conditions?.some(
          (condition) => condition.type === 'Ready' && condition.status === 'True',
        ) === true && (node.spec?.taints ?? []).length === 0,
    )
    .map((node) => node.metadata?.name ?? '')
    .sort();
}

/** A cluster whose nodes are Ready and untainted and whose default namespace takes pods. */
async function readyCluster(nodes = 3, seed: number | string = 1): Promise<Cluster> {
  const c = cluster(nodes, seed);
  const ready = await c.host.runUntil(
    () =>
      readyUntainted(c).length === nodes &&
      c.objects.has('/registry/serviceaccounts/default/default'),
    120_000,
  );
  expect(ready).toBe(true);
  return c;
}

function pod(c: Cluster, name: string): Pod | undefined {
  return c.objects.get(`/registry/pods/default/${name}`) as Pod | undefined;
}

function podsOf(c: Cluster, prefix: string): Pod[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith(`/registry/pods/default/${prefix}`))
    .map(([, object]) => object as Pod);
}

/** `Reason: message` of every event about `name`, oldest first (core/v1 and events.k8s.io alike). */
function eventsAbout(c: Cluster, name: string): string[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/events/'))
    .map(([, object]) => object as KubeObject & Record<string, unknown>)
    .filter(
      (event) =>
        ((event.involvedObject ?? event.regarding) as { name?: string } | undefined)?.name === name,
    )
    .map((event) => `${String(event.reason)}: ${String(event.message ?? event.note)}`);
}

function createPod(c: Cluster, manifest: Pod): Promise<Pod> {
  return c.host.kubectlDo((client) => client.resource<Pod>(POD_TYPE, 'default').create(manifest));
}

function nginxPod(name: string, requests?: Record<string, string>): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [
        { name: 'nginx', image: 'nginx', ...(requests ? { resources: { requests } } : {}) },
      ],
    },
  };
}

describe('InProcessHost', () => {
  it('boots three nodes that become Ready and lose their not-ready taint', async () => {
    const c = await readyCluster(3);
    expect(readyUntainted(c)).toEqual(['node-1', 'node-2', 'node-3']);
  });

  it('takes an nginx pod from kubectl to Running on a node, with the scheduler and kubelet events', async () => {
    const c = await readyCluster(3);
    const created = await createPod(c, nginxPod('nginx'));
    expect(created.metadata?.uid).toBeTruthy();
    expect(await c.host.runUntil(() => pod(c, 'nginx')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );

    const running = pod(c, 'nginx');
    const node = running?.spec?.nodeName ?? '';
    expect(node).toMatch(/^node-[123]$/);
    expect(running?.status?.podIP).toMatch(/^10\.244\.\d+\.2$/);
    expect(
      running?.status?.conditions?.map((condition) => `${condition.type}=${condition.status}`),
    ).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    expect(eventsAbout(c, 'nginx')).toEqual([
      `Scheduled: Successfully assigned default/nginx to ${node}`,
      'Pulling: Pulling image "nginx"',
      'Pulled: Successfully pulled image "nginx" in 2.124s (2.124s including waiting). Image size: 72938476 bytes.',
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
  });

  it('runs a ReplicaSet of 3 as three owned, Running pods and reports its status', async () => {
    const c = await readyCluster(3);
    const rs = await c.host.kubectlDo((client) =>
      client.resource<ReplicaSet>(REPLICA_SET_TYPE, 'default').create({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web' },
        spec: {
          replicas: 3,
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
          },
        },
      }),
    );
    const stored = (): ReplicaSet | undefined =>
      c.objects.get('/registry/replicasets/default/web') as ReplicaSet | undefined;
    const settled = await c.host.runUntil(
      () =>
        podsOf(c, 'web-').filter((p) => p.status?.phase === 'Running').length === 3 &&
        stored()?.status?.availableReplicas === 3,
      120_000,
    );
    expect(settled).toBe(true);

    const pods = podsOf(c, 'web-');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata?.name?.slice('web-'.length)).toMatch(POD_NAME_SUFFIX);
      expect(p.metadata?.labels).toEqual({ app: 'web' });
      expect(p.metadata?.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata?.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
      expect(p.spec?.nodeName).toMatch(/^node-[123]$/);
    }
    expect(stored()?.status).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(eventsAbout(c, 'web').sort()).toEqual(
      pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata?.name ?? ''}`).sort(),
    );
  });

  it('keeps a pod asking for 100 CPUs Pending and says why, in the scheduler words', async () => {
    const c = await readyCluster(3);
    await createPod(c, nginxPod('huge', { cpu: '100' }));
    const message =
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const scheduledCondition = () =>
      pod(c, 'huge')?.status?.conditions?.find((condition) => condition.type === 'PodScheduled');
    expect(await c.host.runUntil(() => scheduledCondition() !== undefined, 60_000)).toBe(true);
    await c.host.coordinator.runUntil(c.host.coordinator.time + 30_000);

    const huge = pod(c, 'huge');
    expect(huge?.status?.phase).toBe('Pending');
    expect(huge?.spec?.nodeName).toBeUndefined();
    expect(scheduledCondition()).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message,
    });
    expect(eventsAbout(c, 'huge')[0]).toBe(`FailedScheduling: ${message}`);
  });

  it("answers the UI's why-pending question from the scheduler's own records, node by node", async () => {
    const c = await readyCluster(3);
    await createPod(c, nginxPod('huge', { cpu: '100' }));
    await createPod(c, nginxPod('small', { cpu: '100m' }));
    expect(
      await c.host.runUntil(
        () => pod(c, 'huge')?.status?.conditions !== undefined && !!pod(c, 'small')?.spec?.nodeName,
        60_000,
      ),
    ).toBe(true);

    const pending = await c.host.schedulingAttempts('default', 'huge');
    const first = pending.attempts[0];
    expect(pending.pod).toBe('default/huge');
    expect(first?.selected).toBeNull();
    expect(first?.message).toMatch(/^0\/3 nodes are available: 3 Insufficient cpu\./);
    expect(first?.nodes.map((node) => [node.node, node.filter])).toEqual(
      ['node-1', 'node-2', 'node-3'].map((node) => [
        node,
        { plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] },
      ]),
    );

    const placed = (await c.host.schedulingAttempts('default', 'small')).attempts.at(-1);
    const winner = placed?.nodes.find((node) => node.node === placed.selected);
    expect(placed?.selected).toBe(pod(c, 'small')?.spec?.nodeName);
    expect(winner?.filter).toBeNull();
    expect(winner?.scores.map((score) => score.plugin)).toContain('NodeResourcesFit');
    expect(Math.max(...(placed?.nodes.map((node) => node.total) ?? []))).toBe(winner?.total);
    expect(await c.host.schedulingAttempts('default', 'never-created')).toEqual({
      pod: 'default/never-created',
      attempts: [],
    });
  });

  it('says no nodes are available when the cluster has none', async () => {
    const c = await readyCluster(0);
    await createPod(c, nginxPod('lonely'));
    const condition = () =>
      pod(c, 'lonely')?.status?.conditions?.find((entry) => entry.type === 'PodScheduled');
    expect(await c.host.runUntil(() => condition() !== undefined, 60_000)).toBe(true);
    expect(condition()).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: 'no nodes available to schedule pods',
    });
  });

  it('stops and removes a running pod that is deleted', async () => {
    const c = await readyCluster(3);
    await createPod(c, nginxPod('doomed'));
    expect(await c.host.runUntil(() => pod(c, 'doomed')?.status?.phase === 'Running', 60_000)).toBe(
      true,
    );

    await c.host.kubectlDo((client) => client.resource(POD_TYPE, 'default').delete('doomed'));
    expect(await c.host.runUntil(() => pod(c, 'doomed') === undefined, 60_000)).toBe(true);
    expect(eventsAbout(c, 'doomed')).toContain('Killing: Stopping container nginx');
  });

  it('replays the same trace for the same seed', async () => {
    const journey = async (): Promise<string[]> => {
      const c = await readyCluster(2, 'replay');
      await createPod(c, nginxPod('nginx'));
      await c.host.runUntil(() => pod(c, 'nginx')?.status?.phase === 'Running', 60_000);
      return c.traces.map(
        (trace) =>
          `${trace.seq} ${trace.round} ${trace.time} ${trace.from}>${trace.to} ${trace.label} ${trace.ref ?? ''}`,
      );
    };
    const first = await journey();
    expect(first.length).toBeGreaterThan(100);
    expect(await journey()).toEqual(first);
  });
});
