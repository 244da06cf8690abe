// A Service end to end in one thread: the EndpointSlice and Endpoints controllers follow the
// pods it selects, every node's kube-proxy rebuilds its rules, and simulated requests from a pod
// are routed through those rules to an endpoint picked by the seeded PRNG.

import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { POD_TYPE } from '../client/client.ts';
import { NGINX_WELCOME } from '../kubelet/simulated-request.ts';
import { readyCluster, type ReadyCluster as Cluster } from './cluster-testing.ts';

const SERVICE_TYPE = { group: '', version: 'v1', resource: 'services' } as const;

function pods(c: Cluster): Pod[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/pods/default/'))
    .map(([, pod]) => pod as Pod);
}

function slices(c: Cluster): EndpointSlice[] {
  return [...c.objects.entries()]
    .filter(([key]) => key.startsWith('/registry/endpointslices/default/web-'))
    .map(([, slice]) => slice as EndpointSlice);
}

function readyEndpoints(c: Cluster): string[] {
  return slices(c)
    .flatMap((slice) => slice.endpoints)
    .filter((endpoint) => endpoint.conditions?.ready)
    .map((endpoint) => endpoint.targetRef?.name ?? '')
    .sort();
}

async function createPod(c: Cluster, name: string, labels: Record<string, string>, image: string) {
  await c.host.kubectlDo((client) =>
    client.resource<Pod>(POD_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
      spec: { containers: [{ name, image }] },
    }),
  );
}

async function webWithThreePods(seed: string): Promise<Cluster> {
  const c = await readyCluster(seed, 2);
  for (const name of ['web-1', 'web-2', 'web-3']) await createPod(c, name, { app: 'web' }, 'nginx');
  await createPod(c, 'client', { app: 'client' }, 'busybox');
  await c.host.kubectlDo((client) =>
    client.resource<Service>(SERVICE_TYPE, 'default').create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    }),
  );
  const running = await c.host.runUntil(
    () => readyEndpoints(c).length === 3 && pods(c).every((pod) => pod.status?.phase === 'Running'),
    120_000,
  );
  expect(running).toBe(true);
  // Let every kube-proxy sync (minSyncPeriod 1 s).
  await c.host.runUntil(() => false, 2_000);
  return c;
}

describe('a Service over three pods', () => {
  it('gets one slice with three ready endpoints and an Endpoints object', async () => {
    const c = await webWithThreePods('services-slices');
    const [slice, ...others] = slices(c);
    expect(others).toEqual([]);
    expect(slice?.metadata?.labels).toEqual({
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice?.metadata?.generateName).toBe('web-');
    expect(slice?.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    const endpoints = c.objects.get('/registry/services/endpoints/default/web') as Endpoints;
    expect(
      endpoints.subsets?.[0]?.addresses?.map((address) => address.targetRef?.name).sort(),
    ).toEqual(['web-1', 'web-2', 'web-3']);
    expect(
      endpoints.metadata?.annotations?.['endpoints.kubernetes.io/last-change-trigger-time'],
    ).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const sync = c.traces.filter((trace) => trace.label === 'iptables-restore').at(-1);
    expect(sync?.detail).toContain('-m statistic --mode random --probability 0.3333333333');
  });

  it('drops a pod that went unready from the ready endpoints', async () => {
    const c = await webWithThreePods('services-unready');
    const web2 = pods(c).find((pod) => pod.metadata?.name === 'web-2');
    const conditions = (web2?.status?.conditions ?? []).map((condition) =>
      condition.type === 'Ready' || condition.type === 'ContainersReady'
        ? { ...condition, status: 'False' }
        : condition,
    );
    await c.host.kubectlDo((client) =>
      client
        .resource<Pod>(POD_TYPE, 'default')
        .patch('web-2', 'merge', { status: { conditions } }, { subresource: 'status' }),
    );
    const dropped = await c.host.runUntil(() => readyEndpoints(c).join() === 'web-1,web-3', 10_000);
    expect(dropped).toBe(true);
    const endpoints = c.objects.get('/registry/services/endpoints/default/web') as Endpoints;
    expect(
      endpoints.subsets?.[0]?.notReadyAddresses?.map((address) => address.targetRef?.name),
    ).toEqual(['web-2']);
  });

  it('spreads requests from a pod over the endpoints with the seeded PRNG', async () => {
    const c = await webWithThreePods('services-requests');
    const served: string[] = [];
    for (let i = 0; i < 30; i++) {
      const result = await c.host.request(
        { pod: { namespace: 'default', name: 'client' } },
        'http://web',
      );
      if (result?.outcome.kind !== 'response') throw new Error(JSON.stringify(result?.outcome));
      expect(result.outcome.body).toBe(NGINX_WELCOME);
      served.push(result.outcome.pod.metadata?.name ?? '');
    }
    const counts = ['web-1', 'web-2', 'web-3'].map(
      (name) => served.filter((pod) => pod === name).length,
    );
    expect(counts.every((count) => count >= 5)).toBe(true);
    const hops = c.traces.filter((trace) => trace.kind === 'packet').slice(0, 5);
    expect(hops.map((hop) => [hop.from, hop.to])).toEqual([
      ['pod:default/client', 'kube-dns'],
      ['kube-dns', 'pod:default/client'],
      ['pod:default/client', expect.stringMatching(/^kube-proxy\//)],
      [expect.stringMatching(/^kube-proxy\//), expect.stringMatching(/^pod:default\/web-\d$/)],
      [expect.stringMatching(/^pod:default\/web-\d$/), 'pod:default/client'],
    ]);
    expect(hops[0]?.label).toBe('DNS A web.default.svc.cluster.local?');
  });

  it('gives a service without endpoints a placeholder slice and refuses its connections', async () => {
    const c = await webWithThreePods('services-refused');
    await c.host.kubectlDo((client) =>
      client.resource<Service>(SERVICE_TYPE, 'default').create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'nothing' },
        spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] },
      }),
    );
    await c.host.runUntil(() => false, 2_000);
    const result = await c.host.request(
      { pod: { namespace: 'default', name: 'client' } },
      'nothing',
    );
    expect(result?.outcome.kind).toBe('refused');
    const missing = await c.host.request({ pod: { namespace: 'default', name: 'client' } }, 'nope');
    expect(missing?.outcome).toEqual({ kind: 'bad-address', host: 'nope' });
  });
});
