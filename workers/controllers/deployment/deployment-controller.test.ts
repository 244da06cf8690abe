// Whole-cluster rollouts in the in-process host: a Deployment of 10 rolled to a new image never
// exceeds maxSurge nor drops below maxUnavailable at any observed step, and reports upstream's
// status, conditions, annotations and events; Recreate empties the old set before the new starts.

import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../client/client.ts';
import type { KubeObject } from '../../client/protocol.ts';
import { InProcessHost } from '../../host/in-process-host.ts';
import { DEPLOYMENT_TYPE } from './context.ts';

interface Cluster {
  host: InProcessHost;
  objects: Map<string, KubeObject>;
  /** Called after every batch of stored changes. */
  observe: (check: () => void) => void;
}

function cluster(nodes: number): Cluster {
  const objects = new Map<string, KubeObject>();
  const checks: (() => void)[] = [];
  const host = new InProcessHost({
    seed: 1,
    nodes,
    onChange: (events) => {
      for (const event of events) {
        if (event.type === 'DELETED') objects.delete(event.key);
        else objects.set(event.key, event.object);
      }
      for (const check of checks) check();
    },
  });
  return { host, objects, observe: (check) => checks.push(check) };
}

function list<T>(c: Cluster, prefix: string): T[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith(prefix))
    .map(([, object]) => object as T);
}

async function readyCluster(nodes: number): Promise<Cluster> {
  const c = cluster(nodes);
  const ready = await c.host.runUntil(
    () =>
      list<Node>(c, '/registry/minions/').filter(
        (node) =>
          node.status?.conditions?.some((cd) => cd.type === 'Ready' && cd.status === 'True') &&
          (node.spec?.taints ?? []).length === 0,
      ).length === nodes && c.objects.has('/registry/serviceaccounts/default/default'),
    120_000,
  );
  expect(ready).toBe(true);
  return c;
}

function deployment(name: string, replicas: number, spec: Partial<Deployment['spec']>): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
      },
      ...spec,
    },
  };
}

const stored = (c: Cluster, name: string): Deployment | undefined =>
  c.objects.get(`/registry/deployments/default/${name}`) as Deployment | undefined;

/** Oldest revision first. */
function byRevision(sets: ReplicaSet[]): ReplicaSet[] {
  const revision = (rs: ReplicaSet): number =>
    Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  return [...sets].sort((a, b) => revision(a) - revision(b));
}

const replicaSetsOf = (c: Cluster, name: string): ReplicaSet[] =>
  list<ReplicaSet>(c, `/registry/replicasets/default/${name}-`);

function complete(c: Cluster, name: string, image: string): boolean {
  const d = stored(c, name);
  const wanted = d?.spec?.replicas ?? 0;
  return (
    d !== undefined &&
    d.status?.observedGeneration === d.metadata?.generation &&
    d.status?.updatedReplicas === wanted &&
    d.status.replicas === wanted &&
    d.status.availableReplicas === wanted &&
    d.spec?.template.spec?.containers[0]?.image === image &&
    list<Pod>(c, `/registry/pods/default/${name}-`).length === wanted
  );
}

function eventsAbout(c: Cluster, name: string): string[] {
  return list<
    KubeObject & {
      involvedObject?: { name?: string };
      reason?: string;
      message?: string;
      lastTimestamp?: string;
      metadata?: { name?: string };
    }
  >(c, '/registry/events/')
    .filter((event) => event.involvedObject?.name === name)
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .map((event) => `${event.reason ?? ''}: ${event.message ?? ''}`);
}

async function setImage(c: Cluster, name: string, image: string): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Deployment>(DEPLOYMENT_TYPE, 'default').patch(name, 'strategic', {
      spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } },
    }),
  );
}

describe('Deployment controller in a cluster', () => {
  it(
    'rolls 10 replicas to a new image within maxSurge 3 and maxUnavailable 2 at every step',
    { timeout: 120_000 },
    async () => {
      const c = await readyCluster(3);
      await c.host.kubectlDo((client) =>
        client.resource<Deployment>(DEPLOYMENT_TYPE, 'default').create(
          deployment('web', 10, {
            strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
          }),
        ),
      );
      expect(await c.host.runUntil(() => complete(c, 'web', 'nginx:1.26'), 300_000)).toBe(true);
      const [first] = replicaSetsOf(c, 'web');
      expect(first?.metadata?.annotations).toEqual({
        'deployment.kubernetes.io/desired-replicas': '10',
        'deployment.kubernetes.io/max-replicas': '13',
        'deployment.kubernetes.io/revision': '1',
      });

      const violations: string[] = [];
      let steps = 0;
      c.observe(() => {
        steps++;
        const specTotal = replicaSetsOf(c, 'web').reduce(
          (sum, rs) => sum + (rs.spec?.replicas ?? 0),
          0,
        );
        const available = list<Pod>(c, '/registry/pods/default/web-').filter(
          (pod) =>
            !pod.metadata?.deletionTimestamp &&
            pod.status?.conditions?.some((cd) => cd.type === 'Ready' && cd.status === 'True'),
        ).length;
        if (specTotal > 13) violations.push(`${String(specTotal)} replicas wanted`);
        if (available < 8) violations.push(`${String(available)} pods available`);
      });
      await setImage(c, 'web', 'nginx:1.27');
      expect(await c.host.runUntil(() => complete(c, 'web', 'nginx:1.27'), 600_000)).toBe(true);
      expect(violations).toEqual([]);
      expect(steps).toBeGreaterThan(20);

      const sets = replicaSetsOf(c, 'web');
      const updated = sets.find(
        (rs) => rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] === '2',
      );
      expect(sets.map((rs) => rs.spec?.replicas).sort()).toEqual([0, 10]);
      expect(updated?.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
      expect(updated?.metadata?.labels?.['pod-template-hash']).toBe(
        updated?.metadata?.name?.slice('web-'.length),
      );
      const d = stored(c, 'web');
      expect(d?.metadata?.annotations).toEqual({ 'deployment.kubernetes.io/revision': '2' });
      expect(d?.status).toMatchObject({
        observedGeneration: 2,
        replicas: 10,
        updatedReplicas: 10,
        readyReplicas: 10,
        availableReplicas: 10,
      });
      expect(
        d?.status?.conditions?.map((cd) => [cd.type, cd.status, cd.reason, cd.message]),
      ).toEqual([
        ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
        [
          'Progressing',
          'True',
          'NewReplicaSetAvailable',
          `ReplicaSet "${updated?.metadata?.name ?? ''}" has successfully progressed.`,
        ],
      ]);
      const events = eventsAbout(c, 'web');
      expect(events[0]).toBe(
        `ScalingReplicaSet: Scaled up replica set ${first?.metadata?.name ?? ''} from 0 to 10`,
      );
      expect(events[1]).toBe(
        `ScalingReplicaSet: Scaled up replica set ${updated?.metadata?.name ?? ''} from 0 to 3`,
      );
      expect(events[2]).toBe(
        `ScalingReplicaSet: Scaled down replica set ${first?.metadata?.name ?? ''} from 10 to 8`,
      );
    },
  );

  it('scales both ReplicaSets in proportion when a stalled rollout is resized', async () => {
    const c = await readyCluster(3);
    const deployments = (client: Client) => client.resource<Deployment>(DEPLOYMENT_TYPE, 'default');
    await c.host.kubectlDo((client) =>
      deployments(client).create(
        deployment('api', 10, {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } },
        }),
      ),
    );
    expect(await c.host.runUntil(() => complete(c, 'api', 'nginx:1.26'), 300_000)).toBe(true);
    // An image that never pulls: the new pods never become available.
    await setImage(c, 'api', 'ngnix');
    const sizes = (): number[] =>
      byRevision(replicaSetsOf(c, 'api')).map((rs) => rs.spec?.replicas ?? 0);
    expect(await c.host.runUntil(() => sizes().join() === '8,5', 300_000)).toBe(true);
    await c.host.kubectlDo((client) =>
      deployments(client).patch('api', 'merge', { spec: { replicas: 20 } }),
    );
    expect(await c.host.runUntil(() => sizes().join() === '14,9', 300_000)).toBe(true);
    const [old, fresh] = byRevision(replicaSetsOf(c, 'api'));
    const resized = [
      `ScalingReplicaSet: Scaled up replica set ${old?.metadata?.name ?? ''} from 8 to 14`,
      `ScalingReplicaSet: Scaled up replica set ${fresh?.metadata?.name ?? ''} from 5 to 9`,
    ];
    // Events are written after the resize they report.
    expect(
      await c.host.runUntil(
        () => resized.every((event) => eventsAbout(c, 'api').includes(event)),
        60_000,
      ),
    ).toBe(true);
    expect(fresh?.metadata?.annotations).toMatchObject({
      'deployment.kubernetes.io/desired-replicas': '20',
      'deployment.kubernetes.io/max-replicas': '23',
    });
  });

  it('recreates: no pod of the new template exists while an old one does', async () => {
    const c = await readyCluster(3);
    await c.host.kubectlDo((client) =>
      client
        .resource<Deployment>(DEPLOYMENT_TYPE, 'default')
        .create(deployment('batch', 4, { strategy: { type: 'Recreate' } })),
    );
    expect(await c.host.runUntil(() => complete(c, 'batch', 'nginx:1.26'), 300_000)).toBe(true);
    const overlaps: string[] = [];
    c.observe(() => {
      const images = new Set(
        list<Pod>(c, '/registry/pods/default/batch-').map((pod) => pod.spec?.containers[0]?.image),
      );
      if (images.size > 1) overlaps.push([...images].join(' and '));
    });
    await setImage(c, 'batch', 'nginx:1.27');
    expect(await c.host.runUntil(() => complete(c, 'batch', 'nginx:1.27'), 300_000)).toBe(true);
    expect(overlaps).toEqual([]);
    const [first, second] = byRevision(replicaSetsOf(c, 'batch')).map(
      (rs) => rs.metadata?.name ?? '',
    );
    expect(eventsAbout(c, 'batch')).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${first ?? ''} from 0 to 4`,
      `ScalingReplicaSet: Scaled down replica set ${first ?? ''} from 4 to 0`,
      `ScalingReplicaSet: Scaled up replica set ${second ?? ''} from 0 to 4`,
    ]);
  });

  it('counts a pod available only minReadySeconds after it became ready', async () => {
    const c = await readyCluster(3);
    await c.host.kubectlDo((client) =>
      client
        .resource<Deployment>(DEPLOYMENT_TYPE, 'default')
        .create(deployment('slow', 2, { minReadySeconds: 10 })),
    );
    expect(await c.host.runUntil(() => complete(c, 'slow', 'nginx:1.26'), 300_000)).toBe(true);
    const readySince = list<Pod>(c, '/registry/pods/default/slow-').map((pod) =>
      Date.parse(
        pod.status?.conditions?.find((cd) => cd.type === 'Ready')?.lastTransitionTime ?? '',
      ),
    );
    const available = stored(c, 'slow')?.status?.conditions?.find((cd) => cd.type === 'Available');
    expect(available?.status).toBe('True');
    expect(
      Date.parse(available?.lastTransitionTime ?? '') - Math.max(...readySince),
    ).toBeGreaterThanOrEqual(10_000);
    const [set] = replicaSetsOf(c, 'slow');
    expect(set?.spec?.minReadySeconds).toBe(10);
  });
});
