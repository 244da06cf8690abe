// A cluster booted from another's store state, in one thread and in worker_threads: the same
// objects at the same resourceVersions, its clock where the state was taken, pods still Running.

import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE, type Client } from '../client/client.ts';
import { NGINX_WELCOME } from '../kubelet/simulated-request.ts';
import type { StoreState } from '../client/store-state.ts';
import type { HistoryResponse } from '../etcd/history.ts';
import { readyCluster } from './cluster-testing.ts';
import { InProcessHost } from './in-process-host.ts';
import { WorkerThreadsHost } from './node-host.ts';

const DEPLOYMENT_TYPE = { group: 'apps', version: 'v1', resource: 'deployments' } as const;
const SERVICE_TYPE = { group: '', version: 'v1', resource: 'services' } as const;

/** Two nodes running a three-replica nginx Deployment behind a Service, settled, and its state. */
async function clusterWithWeb(seed: string): Promise<{ host: InProcessHost; state: StoreState }> {
  const c = await readyCluster(seed, 2);
  await c.host.kubectlDo(async (client) => {
    await client.resource<Deployment>(DEPLOYMENT_TYPE, 'default').create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
        },
      },
    });
    await client.resource<Service>(SERVICE_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
  });
  const running = await c.host.runUntil(() => {
    const pods = [...c.objects].filter(([key]) => key.startsWith('/registry/pods/default/'));
    return pods.length === 3 && pods.every(([, pod]) => (pod as Pod).status?.phase === 'Running');
  }, 120_000);
  expect(running).toBe(true);
  await c.host.runUntil(() => false, 20_000);
  return { host: c.host, state: await c.host.exportState() };
}

/** Pods, Deployments and Services as `namespace/name@resourceVersion phase`. */
async function listed(client: Client): Promise<string[]> {
  const objects = [
    ...(await client.resource<Pod>(POD_TYPE).list()).items,
    ...(await client.resource<Deployment>(DEPLOYMENT_TYPE).list()).items,
    ...(await client.resource<Service>(SERVICE_TYPE).list()).items,
  ];
  return objects.map((object) => {
    const meta = object.metadata ?? {};
    const phase = (object as Pod).status?.phase ?? '';
    return `${meta.namespace ?? ''}/${meta.name ?? ''}@${meta.resourceVersion ?? ''} ${phase}`;
  });
}

describe('a cluster booted from a store state', () => {
  it('in one thread lists the same objects at the same resourceVersions, from the same time', async () => {
    const { host, state } = await clusterWithWeb('restore-web');
    const before = await host.kubectlDo(listed);
    const heard = new Set<string>();
    const restored = new InProcessHost({
      seed: 'restore-web',
      nodes: 2,
      initialState: state,
      onChange: (events) => {
        for (const event of events) heard.add(event.key);
      },
    });
    expect(restored.coordinator.time).toBe(state.time);
    expect(await restored.kubectlDo(listed)).toEqual(before);
    // Observers outside the cluster (the UI) hear of what the restored store holds.
    expect(heard).toContain('/registry/deployments/default/web');
    expect(heard).toContain('/registry/minions/node-2');
    expect(before.filter((line) => line.endsWith(' Running'))).toHaveLength(3);
  });

  it('serves the time of every retained revision in etcd history, as the original did', async () => {
    const { host, state } = await clusterWithWeb('restore-times');
    const timesOf = (history: HistoryResponse) =>
      history.revisions
        .filter((entry) => entry.revision <= state.revision)
        .map((entry) => entry.time);
    const before = timesOf(await host.etcdHistory());
    const restored = new InProcessHost({ seed: 'restore-times', nodes: 2, initialState: state });
    const after = timesOf(await restored.etcdHistory());
    expect(after).toEqual(before);
    expect(after.filter((time) => time === null)).toEqual([null]);
  });

  it('writes nothing for two minutes but node Leases and the RegisteredNode events of the node controller', async () => {
    const { state } = await clusterWithWeb('restore-quiet');
    const writes: string[] = [];
    const restored = new InProcessHost({
      seed: 'restore-quiet',
      nodes: 2,
      initialState: state,
      onChange: (events) => {
        for (const event of events) {
          if (Number(event.object.metadata?.resourceVersion) <= state.revision) continue;
          if (event.key.startsWith('/registry/leases/kube-node-lease/')) continue;
          const { reason, message } = event.object as { reason?: string; message?: string };
          writes.push(
            `${event.type} ${event.key.replace(/\.[0-9a-f]+$/, '')} ${reason ?? ''} ${message ?? ''}`,
          );
        }
      },
    });
    await restored.runUntil(() => false, 120_000);
    // A restarted kube-controller-manager's node lifecycle controller registers every node anew.
    expect(writes).toEqual([
      'ADDED /registry/events/default/node-1 RegisteredNode Node node-1 event: Registered Node node-1 in Controller',
      'ADDED /registry/events/default/node-2 RegisteredNode Node node-2 event: Registered Node node-2 in Controller',
    ]);
  });

  it('keeps the pods serving behind their Service, with the same restart counts', async () => {
    const { host, state } = await clusterWithWeb('restore-serving');
    const restarts = (pods: Pod[]): number[] =>
      pods.map((pod) => pod.status?.containerStatuses?.[0]?.restartCount ?? -1);
    const before = await host.kubectlDo(
      async (client) => (await client.resource<Pod>(POD_TYPE, 'default').list()).items,
    );
    const restored = new InProcessHost({ seed: 'restore-serving', nodes: 2, initialState: state });
    const service = await restored.kubectlDo((client) =>
      client.resource<Service>(SERVICE_TYPE, 'default').get('web'),
    );
    await restored.runUntil(() => false, 2_000);
    const answer = await restored.request(
      { node: 'node-1' },
      `http://${service.spec?.clusterIP ?? ''}`,
    );
    expect(answer?.outcome).toMatchObject({ kind: 'response', status: 200, body: NGINX_WELCOME });
    const after = await restored.kubectlDo(
      async (client) => (await client.resource<Pod>(POD_TYPE, 'default').list()).items,
    );
    expect(restarts(after)).toEqual(restarts(before));
  });

  // Each worker thread loads its components' modules before the cluster boots: slow on a busy machine.
  it('in worker_threads lists the same objects at the same resourceVersions', async () => {
    const { host, state } = await clusterWithWeb('restore-threads');
    const before = await host.kubectlDo(listed);
    const restored = await WorkerThreadsHost.start({
      seed: 'restore-threads',
      nodes: 2,
      initialState: state,
    });
    try {
      expect(await restored.kubectlDo(listed)).toEqual(before);
    } finally {
      await restored.stop();
    }
  }, 60_000);
});
