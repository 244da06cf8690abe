import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../host/freeze.ts';
import { newEndpointSlice, reconcile, type ReconcileInput } from './reconciler.ts';
import { getEndpointPorts } from './utils.ts';

function service(spec: Partial<Service['spec']> = {}, labels?: Record<string, string>): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', uid: 'svc-uid', ...(labels ? { labels } : {}) },
    spec: {
      clusterIP: '10.96.0.20',
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
      ...spec,
    },
  };
}

interface PodShape {
  ready?: boolean;
  terminating?: boolean;
  node?: string;
  ports?: { name: string; containerPort: number }[];
}

function pod(index: number, shape: PodShape = {}): Pod {
  const name = `web-${String(index).padStart(3, '0')}`;
  return {
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(shape.terminating ? { deletionTimestamp: '2025-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: shape.node ?? 'node-1',
      containers: [{ name: 'web', image: 'nginx', ports: shape.ports }],
    },
    status: {
      phase: 'Running',
      podIP: `10.244.${String(Math.floor(index / 250))}.${String((index % 250) + 2)}`,
      conditions: [{ type: 'Ready', status: shape.ready === false ? 'False' : 'True' }],
    },
  };
}

const pods = (count: number, shape: PodShape = {}): Pod[] =>
  Array.from({ length: count }, (_, index) => pod(index, shape));

function plan(input: Partial<ReconcileInput> & { pods: Pod[] }): ReturnType<typeof reconcile> {
  return reconcile({
    service: service(),
    existingSlices: [],
    zoneOf: (node) => (node === 'gone' ? null : node === 'node-2' ? 'zone-b' : undefined),
    ...input,
  });
}

/** A slice as the API server would return it after a create. */
function stored(slice: EndpointSlice, name: string): EndpointSlice {
  return { ...slice, metadata: { ...slice.metadata, name, resourceVersion: '7' } };
}

const counts = (slices: EndpointSlice[]): number[] => slices.map((slice) => slice.endpoints.length);

describe('EndpointSlice reconciler', () => {
  it('creates a placeholder slice for a service that selects no pods', () => {
    const result = plan({ pods: [] });
    expect(result.create).toEqual([
      {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: {
          generateName: 'web-',
          namespace: 'default',
          labels: {
            'kubernetes.io/service-name': 'web',
            'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          },
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'Service',
              name: 'web',
              uid: 'svc-uid',
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        addressType: 'IPv4',
        endpoints: [],
      },
    ]);
  });

  it('keeps an existing placeholder instead of recreating it', () => {
    const placeholder = stored(newEndpointSlice(service(), []), 'web-abcde');
    expect(plan({ pods: [], existingSlices: [placeholder] })).toEqual({
      create: [],
      update: [],
      delete: [],
      errors: [],
    });
  });

  it('puts three ready pods in one slice with their conditions, node, zone and target', () => {
    const result = plan({ pods: [pod(0), pod(1, { node: 'node-2' }), pod(2)] });
    expect(result.create).toHaveLength(1);
    const slice = result.create[0];
    expect(slice?.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(slice?.endpoints[1]).toEqual({
      addresses: ['10.244.0.3'],
      conditions: { ready: true, serving: true, terminating: false },
      nodeName: 'node-2',
      zone: 'zone-b',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'web-001', uid: 'uid-web-001' },
    });
  });

  it.each<[string, PodShape, Partial<Service['spec']>, Endpoint['conditions']]>([
    ['an unready pod', { ready: false }, {}, { ready: false, serving: false, terminating: false }],
    [
      'a terminating ready pod',
      { terminating: true },
      {},
      { ready: false, serving: true, terminating: true },
    ],
    [
      'an unready pod of a service publishing not-ready addresses',
      { ready: false },
      { publishNotReadyAddresses: true },
      { ready: true, serving: false, terminating: false },
    ],
  ])('gives %s its conditions', (_name, shape, spec, conditions) => {
    const result = plan({ service: service(spec), pods: [pod(0, shape)] });
    expect(result.create[0]?.endpoints[0]?.conditions).toEqual(conditions);
  });

  it('splits 250 endpoints into slices of at most 100', () => {
    expect(counts(plan({ pods: pods(250) }).create)).toEqual([100, 100, 50]);
  });

  it('leaves a slice alone when nothing changed', () => {
    const first = plan({ pods: pods(3) }).create[0];
    if (!first) throw new Error('no slice');
    const result = plan({ pods: pods(3), existingSlices: [stored(first, 'web-abcde')] });
    expect(result).toEqual({ create: [], update: [], delete: [], errors: [] });
  });

  it('updates the endpoint of a pod that went unready', () => {
    const first = plan({ pods: pods(3) }).create[0];
    if (!first) throw new Error('no slice');
    const changed = [pod(0), pod(1, { ready: false }), pod(2)];
    const result = plan({ pods: changed, existingSlices: [stored(first, 'web-abcde')] });
    expect(result.create).toEqual([]);
    expect(result.update.map((slice) => slice.metadata?.name)).toEqual(['web-abcde']);
    expect(result.update[0]?.endpoints[1]?.conditions?.ready).toBe(false);
  });

  it('fills new endpoints into the unchanged slice that fits them best', () => {
    const full = stored(
      { ...newEndpointSlice(service(), [{ name: '', port: 80, protocol: 'TCP' }]) },
      'web-full',
    );
    const initial = plan({ pods: pods(195) }).create;
    const slices = [
      stored(initial[0] as EndpointSlice, 'web-a'),
      stored(initial[1] as EndpointSlice, 'web-b'),
    ];
    expect(counts(slices)).toEqual([100, 95]);
    const result = plan({ pods: pods(198), existingSlices: [...slices, full] });
    // The 95 fills up to 98 rather than the empty slice with the same ports; no new slice.
    expect(result.create).toEqual([]);
    expect(result.update.map((slice) => [slice.metadata?.name, slice.endpoints.length])).toEqual([
      ['web-b', 98],
    ]);
  });

  it('fills a slice from the informer cache, which is frozen, without touching it', () => {
    const cached = deepFreeze(stored(plan({ pods: pods(1) }).create[0] as EndpointSlice, 'web-a'));
    const result = plan({ pods: pods(3), existingSlices: [cached] });
    expect(result.update.map((slice) => [slice.metadata?.name, slice.endpoints.length])).toEqual([
      ['web-a', 3],
    ]);
    expect(cached.endpoints).toHaveLength(1);
  });

  it('deletes a slice whose endpoints are all gone', () => {
    const initial = plan({ pods: pods(150) }).create;
    const slices = [
      stored(initial[0] as EndpointSlice, 'web-a'),
      stored(initial[1] as EndpointSlice, 'web-b'),
    ];
    const result = plan({ pods: pods(100), existingSlices: slices });
    expect(result.delete.map((slice) => slice.metadata?.name)).toEqual(['web-b']);
    expect(result.update).toEqual([]);
  });

  it('reuses the name of a slice it would delete for a slice it would create', () => {
    const old = stored(plan({ pods: pods(2) }).create[0] as EndpointSlice, 'web-old');
    const moved = service({ ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] });
    const result = plan({ service: moved, pods: pods(2), existingSlices: [old] });
    expect(result.create).toEqual([]);
    expect(result.delete).toEqual([]);
    expect(result.update.map((slice) => [slice.metadata?.name, slice.ports?.[0]?.port])).toEqual([
      ['web-old', 8080],
    ]);
  });

  it('groups pods by the port a named targetPort resolves to', () => {
    const named = service({
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
    const result = plan({
      service: named,
      pods: [
        pod(0, { ports: [{ name: 'http', containerPort: 8080 }] }),
        pod(1, { ports: [{ name: 'http', containerPort: 9090 }] }),
        pod(2, { ports: [{ name: 'http', containerPort: 8080 }] }),
      ],
    });
    expect(result.create.map((slice) => [slice.ports?.[0]?.port, slice.endpoints.length])).toEqual([
      [8080, 2],
      [9090, 1],
    ]);
  });

  it('labels the slices of a headless service and copies the service labels', () => {
    const headless = service({ clusterIP: 'None' }, { tier: 'front' });
    expect(plan({ service: headless, pods: pods(1) }).create[0]?.metadata?.labels).toEqual({
      tier: 'front',
      'service.kubernetes.io/headless': '',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
  });

  it('updates a slice whose service labels changed', () => {
    const first = stored(plan({ pods: pods(1) }).create[0] as EndpointSlice, 'web-a');
    const labelled = service({}, { tier: 'front' });
    const result = plan({ service: labelled, pods: pods(1), existingSlices: [first] });
    expect(result.update[0]?.metadata?.labels?.tier).toBe('front');
  });

  it('skips pods on unknown nodes and pods without an IP or finished', () => {
    const noIp: Pod = { ...pod(1), status: { phase: 'Pending' } };
    const done: Pod = { ...pod(2), status: { ...pod(2).status, phase: 'Succeeded' } };
    const result = plan({ pods: [pod(0, { node: 'gone' }), noIp, done, pod(3)] });
    expect(result.errors).toEqual([
      'skipping Pod web-000 for Service default/web: Node gone Not Found',
    ]);
    expect(result.create[0]?.endpoints.map((endpoint) => endpoint.targetRef?.name)).toEqual([
      'web-003',
    ]);
  });
});

describe('getEndpointPorts', () => {
  it.each<[string, Service['spec'], number[]]>([
    ['a numeric targetPort', { ports: [{ port: 80, targetPort: 8080 }] }, [8080]],
    ['a defaulted targetPort', { ports: [{ port: 80 }] }, [80]],
    ['a named targetPort found', { ports: [{ port: 80, targetPort: 'http' }] }, [8080]],
    ['a named targetPort missing', { ports: [{ port: 80, targetPort: 'metrics' }] }, []],
  ])('resolves %s', (_name, spec, ports) => {
    const resolved = getEndpointPorts(
      service(spec),
      pod(0, { ports: [{ name: 'http', containerPort: 8080 }] }),
    );
    expect(resolved.map((port) => port.port)).toEqual(ports);
  });
});
