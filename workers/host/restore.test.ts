// A cluster booted from another's store state, in one thread and in worker_threads: the same
// objects at the same resourceVersions, its clock where the state was taken, pods still Running.

import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Pod, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE, type Client } from '../client/client.ts';
import type { StoreState } from '../client/store-state.ts';
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
    const restored = new InProcessHost({ seed: 'restore-web', nodes: 2, initialState: state });
    expect(restored.coordinator.time).toBe(state.time);
    expect(await restored.kubectlDo(listed)).toEqual(before);
    expect(before.filter((line) => line.endsWith(' Running'))).toHaveLength(3);
  });

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
  });
});
