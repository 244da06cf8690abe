// metrics.k8s.io through the whole cluster in one thread: the kubelet's usage model, its
// /metrics/resource endpoint, the API server's metrics-server scraping every 15 s, and the
// NodeMetrics and PodMetrics it serves from the last two scrapes.

import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../client/protocol.ts';
import { readyCluster, type ReadyCluster } from './cluster-testing.ts';

const POD_METRICS = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods' };
const NODE_METRICS = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes' };

async function runPod(c: ReadyCluster, name: string, script: string, cpu?: string): Promise<void> {
  await c.host.kubectlDo((client) =>
    client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { app: name } },
      spec: {
        containers: [
          {
            name: 'main',
            image: 'busybox',
            command: ['sh', '-c', script],
            ...(cpu ? { resources: { limits: { cpu } } } : {}),
          },
        ],
      },
    }),
  );
  await c.host.runUntil(
    () =>
      (c.objects.get(`/registry/pods/default/${name}`) as Pod | undefined)?.status?.phase ===
      'Running',
  );
}

/** Lets `ms` of virtual time pass. */
async function wait(c: ReadyCluster, ms: number): Promise<void> {
  const until = c.host.coordinator.time + ms;
  await c.host.runUntil(() => c.host.coordinator.time >= until, ms + 1_000);
}

describe('metrics.k8s.io', () => {
  it('serves what busy and idle containers use, from the last two scrapes', async () => {
    const c = await readyCluster('metrics', 1);
    await runPod(c, 'spin', 'while true; do :; done');
    await runPod(c, 'capped', 'while true; do :; done', '250m');
    await runPod(c, 'idle', 'sleep 3600');
    await wait(c, 40_000);
    const list = await c.host.kubectlDo((client) =>
      client.resource<KubeObject>(POD_METRICS, 'default').list(),
    );
    const usage = (
      list.items as { metadata: { name: string }; containers: { usage: object }[] }[]
    ).map((item) => [item.metadata.name, item.containers[0]?.usage]);
    expect(usage).toEqual([
      ['capped', { cpu: '250m', memory: '400Ki' }],
      ['idle', { cpu: '0', memory: '400Ki' }],
      ['spin', { cpu: '1', memory: '400Ki' }],
    ]);
    const one = (await c.host.kubectlDo((client) =>
      client.resource<KubeObject>(POD_METRICS, 'default').get('spin'),
    )) as KubeObject & { window?: string; timestamp?: string };
    expect(one).toMatchObject({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { name: 'spin', namespace: 'default', labels: { app: 'spin' } },
      window: '15s',
    });
    const selected = await c.host.kubectlDo((client) =>
      client.resource<KubeObject>(POD_METRICS, 'default').list({ labelSelector: 'app=idle' }),
    );
    expect(selected.items.map((item) => item.metadata?.name)).toEqual(['idle']);
    const nodes = await c.host.kubectlDo((client) =>
      client.resource<KubeObject>(NODE_METRICS).list(),
    );
    expect(nodes.items).toHaveLength(1);
  });
});
