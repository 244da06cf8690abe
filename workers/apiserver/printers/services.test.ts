import type { Endpoints, Service, ServiceSpec } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './services.ts';
import { NOW, ago } from './testing.ts';

function service(spec: ServiceSpec, ingress: { ip?: string; hostname?: string }[] = []): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(3 * 3600 + 300) },
    spec,
    status: { loadBalancer: ingress.length > 0 ? { ingress } : {} },
  };
}

const clusterIP = { clusterIP: '10.96.14.7', clusterIPs: ['10.96.14.7'] };

describe('service rows', () => {
  it.each<[string, Service, unknown[]]>([
    [
      'a ClusterIP service',
      service({
        type: 'ClusterIP',
        ...clusterIP,
        ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'web', tier: 'frontend' },
      }),
      ['web', 'ClusterIP', '10.96.14.7', '<none>', '80/TCP', '3h5m', 'app=web,tier=frontend'],
    ],
    [
      'a NodePort service with two ports and external IPs',
      service({
        type: 'NodePort',
        ...clusterIP,
        externalIPs: ['198.51.100.7'],
        ports: [
          { name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' },
          { name: 'dns', port: 53, nodePort: 30053, protocol: 'UDP' },
        ],
      }),
      [
        'web',
        'NodePort',
        '10.96.14.7',
        '198.51.100.7',
        '80:30080/TCP,53:30053/UDP',
        '3h5m',
        '<none>',
      ],
    ],
    [
      'a LoadBalancer waiting for its address',
      service({
        type: 'LoadBalancer',
        ...clusterIP,
        ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
      }),
      ['web', 'LoadBalancer', '10.96.14.7', '<pending>', '443:31443/TCP', '3h5m', '<none>'],
    ],
    [
      'a LoadBalancer with addresses, sorted, unclipped, then external IPs',
      service(
        {
          type: 'LoadBalancer',
          ...clusterIP,
          externalIPs: ['198.51.100.7'],
          ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
        },
        [{ hostname: 'a1b2c3.elb.example.com' }, { ip: '203.0.113.10' }, { ip: '203.0.113.10' }],
      ),
      [
        'web',
        'LoadBalancer',
        '10.96.14.7',
        '203.0.113.10,a1b2c3.elb.example.com,198.51.100.7',
        '443:31443/TCP',
        '3h5m',
        '<none>',
      ],
    ],
    [
      'an ExternalName service',
      service({ type: 'ExternalName', externalName: 'db.example.com' }),
      ['web', 'ExternalName', '<none>', 'db.example.com', '<none>', '3h5m', '<none>'],
    ],
    [
      'a headless service',
      service({
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        ports: [{ port: 5432, protocol: 'TCP' }],
        selector: { app: 'db' },
      }),
      ['web', 'ClusterIP', 'None', '<none>', '5432/TCP', '3h5m', 'app=db'],
    ],
  ])('%s', (_name, object, cells) => {
    expect(servicePrinter.print(object, NOW).cells).toEqual(cells);
  });
});

function endpoints(subsets: Endpoints['subsets']): Endpoints {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'web', namespace: 'default', creationTimestamp: ago(45) },
    ...(subsets ? { subsets } : {}),
  };
}

const address = (ip: string) => ({ ip });

describe('endpoints rows', () => {
  it.each<[string, Endpoints['subsets'], string]>([
    ['no subsets', undefined, '<none>'],
    [
      'two addresses on one port',
      [
        {
          addresses: [address('10.244.1.2'), address('10.244.2.3')],
          ports: [{ port: 80, protocol: 'TCP' }],
        },
      ],
      '10.244.1.2:80,10.244.2.3:80',
    ],
    [
      'more than three pairs',
      [
        {
          addresses: [address('10.244.1.2'), address('10.244.2.3')],
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'https', port: 443, protocol: 'TCP' },
          ],
        },
      ],
      '10.244.1.2:80,10.244.2.3:80,10.244.1.2:443 + 1 more...',
    ],
    ['a headless subset without ports', [{ addresses: [address('10.244.1.2')] }], '10.244.1.2'],
    [
      'an IPv6 address',
      [{ addresses: [address('fd00::5')], ports: [{ port: 80 }] }],
      '[fd00::5]:80',
    ],
    [
      'only not-ready addresses',
      [{ notReadyAddresses: [address('10.244.1.2')], ports: [{ port: 80 }] }],
      '',
    ],
  ])('%s', (_name, subsets, text) => {
    expect(endpointsPrinter.print(endpoints(subsets), NOW).cells).toEqual(['web', text, '45s']);
  });
});

function slice(ports: EndpointSlice['ports'], addresses: string[][]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-x7k2p', namespace: 'default', creationTimestamp: ago(45) },
    addressType: 'IPv4',
    ...(ports ? { ports } : {}),
    endpoints: addresses.map((list) => ({ addresses: list })),
  };
}

describe('endpointslice rows', () => {
  it.each<[string, EndpointSlice, unknown[]]>([
    [
      'ports and endpoints',
      slice([{ name: 'http', port: 80, protocol: 'TCP' }], [['10.244.1.2'], ['10.244.2.3']]),
      ['web-x7k2p', 'IPv4', '80', '10.244.1.2,10.244.2.3', '45s'],
    ],
    [
      'no ports and no endpoints',
      slice(undefined, []),
      ['web-x7k2p', 'IPv4', '<unset>', '<unset>', '45s'],
    ],
    [
      'a port without a number, and more than three addresses',
      slice(
        [{ name: 'metrics' }, {}],
        [['10.244.1.2', '10.244.1.3'], ['10.244.2.3'], ['10.244.3.4', '10.244.3.5']],
      ),
      ['web-x7k2p', 'IPv4', 'metrics,*', '10.244.1.2,10.244.1.3,10.244.2.3 + 2 more...', '45s'],
    ],
  ])('%s', (_name, object, cells) => {
    expect(endpointSlicePrinter.print(object, NOW).cells).toEqual(cells);
  });
});
