import type { EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podSubsets } from './endpoints.ts';
import { capacityAnnotationSetCorrectly, repackSubsets, truncateEndpoints } from './repack.ts';

function service(spec: Partial<Service['spec']> = {}): Service {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' },
    spec: {
      clusterIP: '10.96.0.20',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
      ...spec,
    },
  };
}

function pod(name: string, ip: string, ready = true, extra: Partial<Pod['spec']> = {}): Pod {
  return {
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'web', image: 'nginx' }], ...extra },
    status: {
      phase: 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

const address = (name: string, ip: string): EndpointSubset['addresses'] => [
  {
    ip,
    nodeName: 'node-1',
    targetRef: { kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` },
  },
];

describe('Endpoints subsets', () => {
  it('puts ready pods in addresses and unready ones in notReadyAddresses, sorted by IP', () => {
    const subsets = podSubsets(service(), [
      pod('b', '10.244.1.10'),
      pod('a', '10.244.1.9'),
      pod('c', '10.244.2.3', false),
    ]);
    expect(subsets).toEqual([
      {
        addresses: [...(address('a', '10.244.1.9') ?? []), ...(address('b', '10.244.1.10') ?? [])],
        notReadyAddresses: address('c', '10.244.2.3'),
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
  });

  it('lists unready pods as ready when the service publishes not-ready addresses', () => {
    const subsets = podSubsets(service({ publishNotReadyAddresses: true }), [
      pod('a', '10.244.1.9', false),
    ]);
    expect(subsets).toEqual([
      { addresses: address('a', '10.244.1.9'), ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
  });

  it('gives a headless service without ports its addresses and no ports', () => {
    const subsets = podSubsets(service({ clusterIP: 'None', ports: [] }), [pod('a', '10.244.1.9')]);
    expect(subsets).toEqual([{ addresses: address('a', '10.244.1.9') }]);
  });

  it('sets the hostname of a pod whose subdomain is the service', () => {
    const subsets = podSubsets(service(), [
      pod('a', '10.244.1.9', true, { hostname: 'a', subdomain: 'web' }),
    ]);
    expect(subsets[0]?.addresses?.[0]?.hostname).toBe('a');
  });

  it('groups addresses by the set of ports each pod serves', () => {
    const named = service({
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    });
    const withHttp = pod('a', '10.244.1.9', true, {
      containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }],
    });
    const subsets = podSubsets(named, [withHttp, pod('b', '10.244.1.10')]);
    expect(subsets.map((subset) => [subset.addresses?.map((a) => a.ip), subset.ports])).toEqual([
      [['10.244.1.9'], [{ name: 'http', port: 8080, protocol: 'TCP' }]],
      [['10.244.1.9', '10.244.1.10'], [{ name: 'metrics', port: 9090, protocol: 'TCP' }]],
    ]);
  });

  it('leaves out terminating pods unless not-ready addresses are published', () => {
    const ready = pod('a', '10.244.1.9');
    const leaving = {
      ...ready,
      metadata: { ...ready.metadata, deletionTimestamp: '2025-01-01T00:00:00Z' },
    };
    expect(podSubsets(service(), [leaving])).toEqual([]);
  });
});

describe('repackSubsets', () => {
  it('lets a ready address win over the same address listed not ready', () => {
    const port = { port: 80, protocol: 'TCP' };
    const repacked = repackSubsets([
      { notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [port] },
      { addresses: [{ ip: '10.0.0.1' }], ports: [port] },
    ]);
    expect(repacked).toEqual([{ addresses: [{ ip: '10.0.0.1' }], ports: [port] }]);
  });
});

function many(ready: number, notReady: number): EndpointSubset[] {
  const ips = (count: number, offset: number): { ip: string }[] =>
    Array.from({ length: count }, (_, i) => ({
      ip: `10.${String(Math.floor((i + offset) / 250))}.0.${String((i + offset) % 250)}`,
    }));
  return [{ addresses: ips(ready, 0), notReadyAddresses: ips(notReady, ready), ports: [] }];
}

describe('truncateEndpoints', () => {
  it.each<[string, number, number, boolean, number, number]>([
    ['under capacity', 600, 400, false, 600, 400],
    ['not-ready addresses first', 900, 300, true, 900, 100],
    ['ready addresses past capacity', 1100, 50, true, 1000, 0],
  ])('truncates %s', (_name, ready, notReady, truncated, keptReady, keptNotReady) => {
    const subsets = many(ready, notReady);
    expect(truncateEndpoints(subsets)).toBe(truncated);
    expect(subsets[0]?.addresses?.length ?? 0).toBe(keptReady);
    expect(subsets[0]?.notReadyAddresses?.length ?? 0).toBe(keptNotReady);
  });

  it('treats the over-capacity annotation as wrong whenever the subsets fit', () => {
    const annotated = { 'endpoints.kubernetes.io/over-capacity': 'truncated' };
    expect(capacityAnnotationSetCorrectly(annotated, many(10, 0))).toBe(false);
    expect(capacityAnnotationSetCorrectly({}, many(10, 0))).toBe(true);
    expect(capacityAnnotationSetCorrectly({}, many(1001, 0))).toBe(false);
  });
});
