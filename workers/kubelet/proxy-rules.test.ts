import type { Service } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { describe, expect, it } from 'vitest';
import { walkPacket, type Packet } from './packet-walk.ts';
import { probability, servicePortChainName, servicePortEndpointChainName } from './proxy-chains.ts';
import { iptablesRestoreInput, syncProxyRules, type RuleTable } from './proxy-rules.ts';

const CONFIG = { nodeName: 'node-1', clusterCIDR: '10.0.0.0/8' };

function service(
  namespace: string,
  name: string,
  clusterIP: string,
  spec: Partial<Service['spec']> = {},
): Service {
  return {
    metadata: { namespace, name },
    spec: { clusterIP, ports: [{ name: 'p80', port: 80, protocol: 'TCP' }], ...spec },
  };
}

interface EndpointShape {
  ip: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  node?: string;
}

function slice(
  namespace: string,
  serviceName: string,
  endpoints: EndpointShape[],
  port = 80,
): EndpointSlice {
  return {
    metadata: {
      namespace,
      name: `${serviceName}-abcde`,
      labels: { 'kubernetes.io/service-name': serviceName },
    },
    addressType: 'IPv4',
    ports: [{ name: 'p80', port, protocol: 'TCP' }],
    endpoints: endpoints.map((shape): Endpoint => ({
      addresses: [shape.ip],
      conditions: {
        ready: shape.ready ?? true,
        serving: shape.serving ?? shape.ready ?? true,
        terminating: shape.terminating ?? false,
      },
      nodeName: shape.node ?? 'node-1',
    })),
  };
}

/** The rules of the table without the fixed chains every sync writes. */
function serviceRules(table: RuleTable): string[] {
  const fixed = ['KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-FORWARD'];
  return table.rules
    .filter(
      (rule) => !fixed.includes(rule.chain) && !rule.text.includes('this must be the last rule'),
    )
    .map((rule) => `${rule.table}: -A ${rule.chain} ${rule.text}`);
}

describe('chain names', () => {
  it.each<[string, string, string | null, string]>([
    ['default/kubernetes:https', 'tcp', null, 'KUBE-SVC-NPX46M4PTMTKRN6Y'],
    ['ns1/svc1:p80', 'tcp', null, 'KUBE-SVC-XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'tcp', null, 'KUBE-SVC-GNZBNJ2PO5MGZ6GT'],
    ['ns1/svc1:p80', 'tcp', '10.180.0.1:80', 'KUBE-SEP-SXIVWICOYRO3J4NJ'],
    ['ns4/svc4:p80', 'tcp', '10.180.0.4:80', 'KUBE-SEP-UKSFD7AGPMPPLUHC'],
    ['ns4/svc4:p80', 'tcp', '10.180.0.5:80', 'KUBE-SEP-C6EBXVWJJZMIWKLZ'],
  ])('names %s %s %s', (name, protocol, endpoint, chain) => {
    expect(
      endpoint === null
        ? servicePortChainName(name, protocol)
        : servicePortEndpointChainName(name, protocol, endpoint),
    ).toBe(chain);
  });

  it.each([
    [2, '0.5000000000'],
    [3, '0.3333333333'],
    [7, '0.1428571429'],
  ])('formats the probability of 1/%i as %s', (n, text) => {
    expect(probability(n)).toBe(text);
  });
});

describe('syncProxyRules', () => {
  it('writes the whole restore input for a ClusterIP service with one endpoint', () => {
    const table = syncProxyRules(
      [service('ns1', 'svc1', '172.30.0.41')],
      [slice('ns1', 'svc1', [{ ip: '10.180.0.1' }])],
      CONFIG,
    );
    expect(iptablesRestoreInput(table)).toBe(`*filter
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
COMMIT
*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]
:KUBE-SEP-SXIVWICOYRO3J4NJ - [0:0]
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT
`);
  });

  it('sends a NodePort through its external chain, masqueraded', () => {
    const table = syncProxyRules(
      [
        service('ns2', 'svc2', '172.30.0.42', {
          type: 'NodePort',
          ports: [{ name: 'p80', port: 80, nodePort: 3001, protocol: 'TCP' }],
        }),
      ],
      [slice('ns2', 'svc2', [{ ip: '10.180.0.2' }])],
      CONFIG,
    );
    expect(serviceRules(table)).toEqual([
      'nat: -A KUBE-SERVICES -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
      'nat: -A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
      'nat: -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 cluster IP" -m tcp -p tcp -d 172.30.0.42 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      'nat: -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m comment --comment "masquerade traffic for ns2/svc2:p80 external destinations" -j KUBE-MARK-MASQ',
      'nat: -A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
      'nat: -A KUBE-SVC-GNZBNJ2PO5MGZ6GT -m comment --comment "ns2/svc2:p80 -> 10.180.0.2:80" -j KUBE-SEP-RS4RBKLTHTF2IUXJ',
      'nat: -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ',
      'nat: -A KUBE-SEP-RS4RBKLTHTF2IUXJ -m comment --comment ns2/svc2:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80',
    ]);
  });

  it('rejects traffic to a service with no endpoints in the filter table', () => {
    const table = syncProxyRules(
      [
        service('ns6', 'svc6', '172.30.0.46', {
          type: 'NodePort',
          ports: [{ name: 'p80', port: 80, nodePort: 3006, protocol: 'TCP' }],
        }),
      ],
      [],
      CONFIG,
    );
    expect(serviceRules(table)).toEqual([
      'filter: -A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT',
      'filter: -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3006 -j REJECT',
    ]);
  });

  it('balances three endpoints with probabilities 1/3, 1/2 and the rest, sorted by address', () => {
    const table = syncProxyRules(
      [service('ns4', 'svc4', '172.30.0.44')],
      [slice('ns4', 'svc4', [{ ip: '10.180.0.5' }, { ip: '10.180.0.4' }, { ip: '10.180.0.6' }])],
      CONFIG,
    );
    const svcChain = servicePortChainName('ns4/svc4:p80', 'tcp');
    expect(
      table.rules
        .filter((rule) => rule.chain === svcChain && rule.target.startsWith('KUBE-SEP'))
        .map((rule) => rule.text),
    ).toEqual([
      '-m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
      '-m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-C6EBXVWJJZMIWKLZ',
      `-m comment --comment "ns4/svc4:p80 -> 10.180.0.6:80" -j ${servicePortEndpointChainName('ns4/svc4:p80', 'tcp', '10.180.0.6:80')}`,
    ]);
  });

  it.each<[string, EndpointShape[], string[]]>([
    [
      'only ready endpoints',
      [{ ip: '10.180.0.1' }, { ip: '10.180.0.2', ready: false, serving: false }],
      ['10.180.0.1:80'],
    ],
    [
      'serving terminating endpoints when none is ready',
      [
        { ip: '10.180.0.1', ready: false, serving: true, terminating: true },
        { ip: '10.180.0.2', ready: false, serving: false, terminating: true },
      ],
      ['10.180.0.1:80'],
    ],
  ])('uses %s', (_name, endpoints, used) => {
    const table = syncProxyRules(
      [service('ns1', 'svc1', '172.30.0.41')],
      [slice('ns1', 'svc1', endpoints)],
      CONFIG,
    );
    expect(
      table.rules.filter((rule) => rule.target === 'DNAT').map((rule) => rule.toDestination),
    ).toEqual(used);
  });

  it('keeps local-policy external traffic on the node and drops it where no endpoint is local', () => {
    const local = service('ns3', 'svc3', '172.30.0.43', {
      type: 'NodePort',
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'p80', port: 80, nodePort: 3003, protocol: 'TCP' }],
    });
    const table = syncProxyRules(
      [local],
      [slice('ns3', 'svc3', [{ ip: '10.180.0.3', node: 'node-2' }])],
      CONFIG,
    );
    expect(
      serviceRules(table).filter((rule) => rule.includes('KUBE-EXT') || rule.startsWith('filter')),
    ).toEqual([
      'nat: -A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK',
      'filter: -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns3/svc3:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3003 -j DROP',
      'nat: -A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "pod traffic for ns3/svc3:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-X27LE4BHSL4DOUIK',
      'nat: -A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade LOCAL traffic for ns3/svc3:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      'nat: -A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "route LOCAL traffic for ns3/svc3:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-X27LE4BHSL4DOUIK',
    ]);
  });

  it('skips headless, ExternalName and other proxies’ services', () => {
    const table = syncProxyRules(
      [
        service('ns1', 'headless', 'None'),
        service('ns1', 'external', '', { type: 'ExternalName', externalName: 'example.com' }),
        {
          ...service('ns1', 'other', '172.30.0.50'),
          metadata: {
            namespace: 'ns1',
            name: 'other',
            labels: { 'service.kubernetes.io/service-proxy-name': 'x' },
          },
        },
      ],
      [],
      CONFIG,
    );
    expect(serviceRules(table)).toEqual([]);
  });
});

/** A fixed sequence of draws in place of the seeded Rng. */
function draws(...values: number[]): { float(): number } {
  return { float: () => values.shift() ?? 0 };
}

describe('walkPacket', () => {
  const table = syncProxyRules(
    [
      service('ns4', 'svc4', '172.30.0.44', {
        type: 'NodePort',
        ports: [{ name: 'p80', port: 80, nodePort: 30080, protocol: 'TCP' }],
      }),
      service('ns6', 'svc6', '172.30.0.46'),
    ],
    [
      slice(
        'ns4',
        'svc4',
        [{ ip: '10.180.0.4' }, { ip: '10.180.0.5' }, { ip: '10.180.0.6' }],
        8080,
      ),
    ],
    CONFIG,
  );
  const packet = (destination: string, port: number, source = '10.180.9.9'): Packet => ({
    source,
    destination,
    port,
    protocol: 'tcp',
    fromNode: false,
    localAddresses: ['172.18.0.3'],
  });

  it.each<[string, number[], string]>([
    ['the first endpoint when the first draw is under 1/3', [0.2], '10.180.0.4:8080'],
    ['the second when the second draw is under 1/2', [0.5, 0.4], '10.180.0.5:8080'],
    ['the last when both draws miss', [0.9, 0.9], '10.180.0.6:8080'],
  ])('DNATs a cluster IP packet to %s', (_name, values, to) => {
    expect(walkPacket(table, packet('172.30.0.44', 80), draws(...values)).verdict).toEqual({
      kind: 'dnat',
      to,
      service: 'ns4/svc4:p80',
    });
  });

  it('walks a node port through KUBE-NODEPORTS and the external chain, marking it for masquerade', () => {
    const result = walkPacket(table, packet('172.18.0.3', 30080), draws(0.9, 0.1));
    expect(result.steps.map((rule) => `${rule.chain} -j ${rule.target}`)).toEqual([
      'KUBE-SERVICES -j KUBE-NODEPORTS',
      'KUBE-NODEPORTS -j KUBE-EXT-4SW47YFZTEDKD3PK',
      'KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-MARK-MASQ',
      'KUBE-MARK-MASQ -j MARK',
      'KUBE-EXT-4SW47YFZTEDKD3PK -j KUBE-SVC-4SW47YFZTEDKD3PK',
      'KUBE-SVC-4SW47YFZTEDKD3PK -j KUBE-SEP-WVCVFFW2IHC5BOSK',
      'KUBE-SEP-WVCVFFW2IHC5BOSK -j DNAT',
    ]);
    expect(servicePortEndpointChainName('ns4/svc4:p80', 'tcp', '10.180.0.5:8080')).toBe(
      'KUBE-SEP-WVCVFFW2IHC5BOSK',
    );
    expect(result.masquerade).toBe(true);
  });

  it('masquerades a cluster IP packet from outside the pod range', () => {
    expect(walkPacket(table, packet('172.30.0.44', 80, '192.168.1.1'), draws(0.1)).masquerade).toBe(
      true,
    );
    expect(walkPacket(table, packet('172.30.0.44', 80), draws(0.1)).masquerade).toBe(false);
  });

  it.each<[string, Packet, string]>([
    ['rejects a service without endpoints', packet('172.30.0.46', 80), 'reject'],
    ['routes an address no rule knows', packet('10.180.0.4', 8080), 'route'],
    ['routes a cluster IP on a port the service does not have', packet('172.30.0.44', 81), 'route'],
  ])('%s', (_name, sent, kind) => {
    expect(walkPacket(table, sent, draws()).verdict.kind).toBe(kind);
  });
});
