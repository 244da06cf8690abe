import type { Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { candidateNames, resolve } from './cluster-dns.ts';
import { syncProxyRules } from './proxy-rules.ts';
import {
  httpAnswer,
  NGINX_WELCOME,
  parseTarget,
  simulateRequest,
  type ClusterView,
} from './simulated-request.ts';

function service(name: string, namespace: string, spec: Service['spec']): Service {
  return { metadata: { name, namespace }, spec };
}

function pod(name: string, ip: string, node: string, container: Pod['spec']): Pod {
  return {
    metadata: { name, namespace: 'default' },
    spec: { nodeName: node, ...container } as Pod['spec'],
    status: {
      phase: 'Running',
      podIP: ip,
      hostIP: node === 'node-1' ? '172.18.0.3' : '172.18.0.4',
      containerStatuses: (container?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: true,
        restartCount: 0,
        state: { running: {} },
      })),
    },
  };
}

function slice(
  serviceName: string,
  namespace: string,
  ips: string[],
  extra: { hostname?: string } = {},
): EndpointSlice {
  return {
    metadata: {
      name: `${serviceName}-x`,
      namespace,
      labels: { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    ports: [{ name: '', port: 80, protocol: 'TCP' }],
    endpoints: ips.map((ip) => ({
      addresses: [ip],
      conditions: { ready: true },
      nodeName: 'node-2',
      ...extra,
    })),
  };
}

const SERVICES = [
  service('web', 'default', {
    clusterIP: '10.96.0.20',
    ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
  }),
  service('db', 'data', { clusterIP: 'None', ports: [{ port: 80, protocol: 'TCP' }] }),
  service('gone', 'default', { clusterIP: '10.96.0.30', ports: [{ port: 80, protocol: 'TCP' }] }),
  service('np', 'default', {
    type: 'NodePort',
    clusterIP: '10.96.0.40',
    ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
  }),
];
const SLICES = [
  slice('web', 'default', ['10.244.2.5']),
  slice('db', 'data', ['10.244.2.7'], { hostname: 'db-0' }),
  slice('np', 'default', ['10.244.2.5']),
];
const PODS = [
  pod('client', '10.244.1.9', 'node-1', { containers: [{ name: 'client', image: 'busybox' }] }),
  pod('web-1', '10.244.2.5', 'node-2', { containers: [{ name: 'web', image: 'nginx:1.27' }] }),
];

function view(): ClusterView {
  return {
    services: SERVICES,
    slices: SLICES,
    pods: PODS,
    nodes: [
      { name: 'node-1', ip: '172.18.0.3' },
      { name: 'node-2', ip: '172.18.0.4' },
    ],
    rulesFor: (nodeName) =>
      syncProxyRules(SERVICES, SLICES, { nodeName, clusterCIDR: '10.244.0.0/16' }),
  };
}

const rng = { float: () => 0.5 };
const client = PODS[0] as Pod;

describe('cluster DNS', () => {
  it('tries the search list first for names with fewer than five dots', () => {
    expect(candidateNames('web.other', 'default')).toEqual([
      'web.other.default.svc.cluster.local',
      'web.other.svc.cluster.local',
      'web.other.cluster.local',
      'web.other',
    ]);
  });

  it.each<[string, string, string[] | null]>([
    ['web', 'web.default.svc.cluster.local', ['10.96.0.20']],
    ['web.default', 'web.default.svc.cluster.local', ['10.96.0.20']],
    ['web.default.svc.cluster.local', 'web.default.svc.cluster.local', ['10.96.0.20']],
    ['db.data', 'db.data.svc.cluster.local', ['10.244.2.7']],
    ['db-0.db.data.svc.cluster.local', 'db-0.db.data.svc.cluster.local', ['10.244.2.7']],
    [
      '10-244-2-5.default.pod.cluster.local',
      '10-244-2-5.default.pod.cluster.local',
      ['10.244.2.5'],
    ],
    ['db', '', null],
  ])('resolves %s from namespace default', (name, fqdn, addresses) => {
    const answer = resolve(name, 'default', SERVICES, SLICES);
    expect(answer).toEqual(addresses ? { name: fqdn, addresses } : null);
  });
});

describe('parseTarget', () => {
  it.each([
    ['http://web', { host: 'web', port: 80, path: '/' }],
    ['web:8080/healthz', { host: 'web', port: 8080, path: '/healthz' }],
    ['http://10.96.0.20:80/index.html', { host: '10.96.0.20', port: 80, path: '/index.html' }],
  ])('reads %s', (url, target) => {
    expect(parseTarget(url)).toEqual(target);
  });
});

describe('httpAnswer', () => {
  it.each<[string, Pod['spec'], number, number | null]>([
    ['nginx on 80', { containers: [{ name: 'a', image: 'nginx' }] }, 80, 200],
    ['nginx on another port', { containers: [{ name: 'a', image: 'nginx' }] }, 8080, null],
    [
      'nginx whose command replaces the server',
      { containers: [{ name: 'a', image: 'nginx', command: ['sleep', '1d'] }] },
      80,
      null,
    ],
    [
      'agnhost serve-hostname',
      {
        containers: [
          {
            name: 'a',
            image: 'registry.k8s.io/e2e-test-images/agnhost:2.53',
            args: ['serve-hostname'],
          },
        ],
      },
      9376,
      200,
    ],
    ['busybox', { containers: [{ name: 'a', image: 'busybox' }] }, 80, null],
    [
      'php-apache of the HPA walkthrough',
      { containers: [{ name: 'a', image: 'registry.k8s.io/hpa-example' }] },
      80,
      200,
    ],
  ])('answers for %s', (_name, spec, port, status) => {
    expect(httpAnswer(pod('p', '10.244.0.2', 'node-1', spec), port, '/')?.status ?? null).toBe(
      status,
    );
  });
});

describe('simulateRequest', () => {
  it('resolves the service, DNATs through the source node’s rules and gets nginx’s page', () => {
    const result = simulateRequest(view(), { pod: client }, 'http://web', rng);
    expect(result?.outcome).toMatchObject({
      kind: 'response',
      status: 200,
      body: NGINX_WELCOME,
      address: '10.244.2.5:80',
    });
    expect(result?.hops.map((hop) => hop.label)).toEqual([
      'DNS A web.default.svc.cluster.local?',
      'A 10.96.0.20',
      expect.stringMatching(
        /^10\.96\.0\.20:80 KUBE-SVC-\w+ → KUBE-SEP-\w+ → DNAT 10\.244\.2\.5:80$/,
      ),
      'GET / → 10.244.2.5:80',
      'HTTP 200',
    ]);
  });

  it('reaches a node port on another node through that node’s rules', () => {
    const result = simulateRequest(view(), { node: 'node-1' }, '172.18.0.4:30080', rng);
    expect(result?.outcome.kind).toBe('response');
    expect(result?.hops.map((hop) => hop.to)).toEqual([
      'kube-proxy/node-1',
      'kube-proxy/node-2',
      'pod:default/web-1',
      'kube-proxy/node-1',
    ]);
  });

  it.each<[string, string, unknown]>([
    ['a service with no endpoints', 'http://gone', { kind: 'refused', ip: '10.96.0.30', port: 80 }],
    ['a name no one knows', 'http://nope', { kind: 'bad-address', host: 'nope' }],
    [
      'a pod port nothing listens on',
      'http://10.244.2.5:81',
      { kind: 'refused', ip: '10.244.2.5', port: 81 },
    ],
    [
      'an address outside the cluster',
      'http://192.0.2.1',
      { kind: 'timeout', ip: '192.0.2.1', port: 80 },
    ],
  ])('reports %s', (_name, url, outcome) => {
    expect(simulateRequest(view(), { pod: client }, url, rng)?.outcome).toEqual(outcome);
  });

  it('does not give a node cluster DNS', () => {
    expect(simulateRequest(view(), { node: 'node-1' }, 'http://web', rng)?.outcome).toEqual({
      kind: 'bad-address',
      host: 'web',
    });
  });
});
