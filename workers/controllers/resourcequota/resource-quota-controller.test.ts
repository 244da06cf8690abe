// The ResourceQuota controller in a whole in-process cluster: it fills status.hard and
// status.used, recalculates when the spec changes, and gives back what a pod charged once the pod
// is deleted or has finished.

import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../../client/client.ts';
import { readyCluster, type ReadyCluster } from '../../host/cluster-testing.ts';

const QUOTA_TYPE = { group: '', version: 'v1', resource: 'resourcequotas' } as const;
const QUOTA_KEY = '/registry/resourcequotas/default/q';

function statusOf(c: ReadyCluster): ResourceQuota['status'] {
  return (c.objects.get(QUOTA_KEY) as ResourceQuota | undefined)?.status;
}

const sorted = (list: Record<string, string> | undefined): string =>
  JSON.stringify(Object.entries(list ?? {}).sort());

async function usedBecomes(c: ReadyCluster, used: Record<string, string>): Promise<void> {
  const reached = await c.host.runUntil(() => sorted(statusOf(c)?.used) === sorted(used), 600_000);
  expect(statusOf(c)?.used).toEqual(used);
  expect(reached).toBe(true);
}

function createPod(c: ReadyCluster, name: string, command?: string): Promise<Pod> {
  return c.host.kubectlDo((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'c',
            image: command ? 'busybox' : 'nginx',
            ...(command ? { command: ['sh', '-c', command] } : {}),
            resources: { requests: { cpu: '250m', memory: '64Mi' } },
          },
        ],
      },
    }),
  );
}

describe('the resource quota controller', () => {
  it('measures usage, and replenishes it when pods are deleted or finish', async () => {
    const c = await readyCluster('resource-quota', 1);
    await c.host.kubectlDo((client) =>
      client.resource<ResourceQuota>(QUOTA_TYPE, 'default').create({
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'q' },
        spec: { hard: { pods: '4', 'requests.cpu': '1', 'count/configmaps': '10' } },
      }),
    );
    // The root CA ConfigMap is already there.
    await usedBecomes(c, { 'count/configmaps': '1', pods: '0', 'requests.cpu': '0' });
    expect(statusOf(c)?.hard).toEqual({
      'count/configmaps': '10',
      pods: '4',
      'requests.cpu': '1',
    });

    await createPod(c, 'web');
    await createPod(c, 'once', 'exit 0');
    await usedBecomes(c, { 'count/configmaps': '1', pods: '2', 'requests.cpu': '500m' });
    // The finished pod gives back what it charged once the kubelet reports it Succeeded.
    await usedBecomes(c, { 'count/configmaps': '1', pods: '1', 'requests.cpu': '250m' });

    await c.host.kubectlDo((client) =>
      client.resource<Pod>(POD_TYPE, 'default').delete('web', { gracePeriodSeconds: 0 }),
    );
    await usedBecomes(c, { 'count/configmaps': '1', pods: '0', 'requests.cpu': '0' });

    const quota = await c.host.kubectlDo((client) =>
      client.resource<ResourceQuota>(QUOTA_TYPE, 'default').get('q'),
    );
    await c.host.kubectlDo((client) =>
      client.resource<ResourceQuota>(QUOTA_TYPE, 'default').update({
        ...quota,
        spec: { hard: { pods: '4', 'limits.memory': '1Gi' } },
      }),
    );
    await usedBecomes(c, { 'limits.memory': '0', pods: '0' });
    expect(statusOf(c)?.hard).toEqual({ 'limits.memory': '1Gi', pods: '4' });
  }, 60_000);
});
