// kube-proxy's iptables mode as data (pkg/proxy/iptables/proxier.go syncProxyRules,
// writeServiceToEndpointRules; pkg/proxy/topology.go CategorizeEndpoints): the filter and nat
// rules one node gets for the Services and EndpointSlices, each rule both as the text kube-proxy
// hands iptables-restore and as the matches a packet walk needs. Left out: load-balancer
// ingress and source ranges (no cloud provider here), health-check node ports, topology hints,
// IPv6, and the partial syncs and stale-chain deletions of a long-running proxier.

import type { Service, ServicePort } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { sha256 } from '../api/sha.ts';

export type Table = 'filter' | 'nat';

/** What a rule matches, in the form the packet walk evaluates. */
export interface RuleMatch {
  protocol?: string;
  destination?: string;
  dport?: number;
  source?: string;
  /** `! -s <cidr>`: the source is outside the cluster's pod range. */
  notSourceCidr?: string;
  /** `-s <cidr>`: the source is inside it. */
  sourceCidr?: string;
  /** `-m addrtype --dst-type LOCAL` / `--src-type LOCAL`. */
  dstTypeLocal?: boolean;
  srcTypeLocal?: boolean;
  /** `-m statistic --mode random --probability p`. */
  probability?: number;
  /** `-m recent --rcheck`: the client was sent to this endpoint chain before. */
  recentName?: string;
  /** `-m mark ! --mark`: the packet is not marked for masquerade. */
  notMarked?: boolean;
}

export interface IptablesRule {
  table: Table;
  chain: string;
  /** The rule after `-A <chain>`, exactly as kube-proxy writes it. */
  text: string;
  match: RuleMatch;
  /** A chain to jump to, or DNAT, REJECT, DROP, MARK, MASQUERADE, RETURN, ACCEPT. */
  target: string;
  toDestination?: string;
  /** The service port the rule belongs to, `ns/name:port`. */
  service?: string;
}

export interface RuleTable {
  chains: Record<Table, string[]>;
  rules: IptablesRule[];
}

export interface ProxierConfig {
  nodeName: string;
  /** The cluster's pod range, for the local-traffic detector (`--cluster-cidr`). */
  clusterCIDR: string;
}

const KUBE_SERVICES = 'KUBE-SERVICES';
const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
const KUBE_FORWARD = 'KUBE-FORWARD';
const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
const MASQUERADE_MARK = '0x4000';
const DEFAULT_STICKY_SECONDS = 10800;
export const LABEL_SERVICE_PROXY_NAME = 'service.kubernetes.io/service-proxy-name';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31] ?? '';
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31] ?? '';
  return out;
}

/** portProtoHash: the first 16 base32 characters of sha256(servicePortName + protocol). */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32(sha256(new TextEncoder().encode(servicePortName + protocol))).slice(0, 16);
}

export function servicePortChainName(servicePortName: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(servicePortName, protocol)}`;
}

export function servicePortEndpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${portProtoHash(servicePortName, protocol + endpoint)}`;
}

/** computeProbability: Go's `%0.10f` of 1/n. */
export function probability(n: number): string {
  return (1 / n).toFixed(10);
}

export interface ProxyEndpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  isLocal: boolean;
  /** `ip:port`, endpointInfo.String(). */
  address: string;
}

interface ServicePortInfo {
  /** ServicePortName.String(): `ns/name` plus `:port` when the port is named. */
  name: string;
  protocol: string;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  internalLocal: boolean;
  externalLocal: boolean;
  stickySeconds: number | null;
  endpoints: ProxyEndpoint[];
}

/** The endpoints of one service port from its slices, merged and sorted by address. */
function endpointsFor(
  slices: EndpointSlice[],
  port: ServicePort,
  nodeName: string,
): ProxyEndpoint[] {
  const byAddress = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const slicePort = (slice.ports ?? []).find(
      (candidate) =>
        (candidate.name ?? '') === (port.name ?? '') &&
        (candidate.protocol ?? 'TCP') === (port.protocol ?? 'TCP'),
    );
    if (slicePort?.port === undefined) continue;
    const endpoints: unknown = slice.endpoints;
    for (const endpoint of Array.isArray(endpoints)
      ? (endpoints as EndpointSlice['endpoints'])
      : []) {
      const ip = endpoint.addresses[0];
      if (!ip) continue;
      const ready = endpoint.conditions?.ready ?? true;
      const address = `${ip}:${String(slicePort.port)}`;
      byAddress.set(address, {
        ip,
        port: slicePort.port,
        ready,
        serving: endpoint.conditions?.serving ?? ready,
        terminating: endpoint.conditions?.terminating ?? false,
        isLocal: endpoint.nodeName === nodeName,
        address,
      });
    }
  }
  return [...byAddress.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** Services kube-proxy programs: with a cluster IP, not ExternalName, not for another proxy. */
function servicePorts(
  services: Service[],
  slices: EndpointSlice[],
  nodeName: string,
): ServicePortInfo[] {
  const ports: ServicePortInfo[] = [];
  for (const service of services) {
    const spec = service.spec ?? {};
    const clusterIP = spec.clusterIP ?? '';
    if (clusterIP === '' || clusterIP === 'None' || spec.type === 'ExternalName') continue;
    if (service.metadata?.labels?.[LABEL_SERVICE_PROXY_NAME] !== undefined) continue;
    const namespace = service.metadata?.namespace ?? '';
    const serviceName = service.metadata?.name ?? '';
    const own = slices.filter(
      (slice) =>
        slice.metadata?.namespace === namespace &&
        slice.metadata.labels?.['kubernetes.io/service-name'] === serviceName,
    );
    for (const port of spec.ports ?? []) {
      ports.push({
        name: `${namespace}/${serviceName}${port.name ? `:${port.name}` : ''}`,
        protocol: (port.protocol ?? 'TCP').toLowerCase(),
        clusterIP,
        port: port.port,
        nodePort: port.nodePort ?? 0,
        externalIPs: spec.externalIPs ?? [],
        internalLocal: spec.internalTrafficPolicy === 'Local',
        externalLocal: spec.externalTrafficPolicy === 'Local',
        stickySeconds:
          spec.sessionAffinity === 'ClientIP'
            ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_STICKY_SECONDS)
            : null,
        endpoints: endpointsFor(own, port, nodeName),
      });
    }
  }
  return ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** CategorizeEndpoints: ready endpoints, or serving-and-terminating ones when none is ready. */
export function categorizeEndpoints(info: ServicePortInfo): {
  cluster: ProxyEndpoint[];
  local: ProxyEndpoint[];
  reachable: ProxyEndpoint[];
  hasAny: boolean;
} {
  const externallyAccessible = info.nodePort !== 0 || info.externalIPs.length > 0;
  const usesCluster = !info.internalLocal || (externallyAccessible && !info.externalLocal);
  const usesLocal = info.internalLocal || (externallyAccessible && info.externalLocal);
  let cluster: ProxyEndpoint[] = [];
  let hasAny = false;
  if (usesCluster) {
    cluster = info.endpoints.filter((ep) => ep.ready);
    if (cluster.length === 0) cluster = info.endpoints.filter((ep) => ep.serving && ep.terminating);
    hasAny = cluster.length > 0;
  }
  if (!usesLocal) return { cluster, local: [], reachable: cluster, hasAny };
  let local: ProxyEndpoint[] = [];
  let servingTerminating = false;
  if (info.endpoints.some((ep) => ep.ready || (ep.serving && ep.terminating))) hasAny = true;
  if (info.endpoints.some((ep) => ep.isLocal && ep.ready)) {
    local = info.endpoints.filter((ep) => ep.isLocal && ep.ready);
  } else if (info.endpoints.some((ep) => ep.isLocal && ep.serving && ep.terminating)) {
    servingTerminating = true;
    local = info.endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }
  if (!usesCluster) return { cluster, local, reachable: local, hasAny };
  if (!servingTerminating) return { cluster, local, reachable: cluster, hasAny };
  const merged = new Map([...cluster, ...local].map((ep) => [ep.address, ep]));
  return { cluster, local, reachable: [...merged.values()], hasAny };
}

/** Collects rules in the order kube-proxy writes them. */
class RuleWriter {
  readonly chains: Record<Table, string[]> = { filter: [], nat: [] };
  readonly rules: IptablesRule[] = [];

  chain(table: Table, name: string): void {
    this.chains[table].push(name);
  }

  write(
    table: Table,
    chain: string,
    parts: { args: string[]; match?: RuleMatch }[],
    target: string,
    extra: { targetArgs?: string[]; toDestination?: string; service?: string } = {},
  ): void {
    const match: RuleMatch = {};
    const args: string[] = [];
    for (const part of parts) {
      args.push(...part.args);
      Object.assign(match, part.match);
    }
    args.push('-j', target, ...(extra.targetArgs ?? []));
    this.rules.push({
      table,
      chain,
      text: args.join(' '),
      match,
      target,
      ...(extra.toDestination ? { toDestination: extra.toDestination } : {}),
      ...(extra.service ? { service: extra.service } : {}),
    });
  }
}

const comment = (text: string) => ({ args: ['-m', 'comment', '--comment', text] });
const quoted = (text: string) => comment(`"${text}"`);
const proto = (protocol: string) => ({
  args: ['-m', protocol, '-p', protocol],
  match: { protocol },
});
const dest = (ip: string) => ({ args: ['-d', ip], match: { destination: ip } });
const dport = (port: number) => ({ args: ['--dport', String(port)], match: { dport: port } });
const notLocal = (cidr: string) => ({ args: ['!', '-s', cidr], match: { notSourceCidr: cidr } });
const local = (cidr: string) => ({ args: ['-s', cidr], match: { sourceCidr: cidr } });
const dstLocal = { args: ['-m', 'addrtype', '--dst-type', 'LOCAL'], match: { dstTypeLocal: true } };
const srcLocal = { args: ['-m', 'addrtype', '--src-type', 'LOCAL'], match: { srcTypeLocal: true } };

/** writeServiceToEndpointRules: affinity checks, then 1/n, 1/(n-1), … down to the last. */
function writeServiceToEndpointRules(
  out: RuleWriter,
  info: ServicePortInfo,
  chain: string,
  endpoints: ProxyEndpoint[],
): void {
  const sepChain = (ep: ProxyEndpoint) =>
    servicePortEndpointChainName(info.name, info.protocol, ep.address);
  if (info.stickySeconds !== null) {
    for (const ep of endpoints) {
      const name = sepChain(ep);
      out.write(
        'nat',
        chain,
        [
          quoted(`${info.name} -> ${ep.address}`),
          {
            args: [
              '-m',
              'recent',
              '--name',
              name,
              '--rcheck',
              '--seconds',
              String(info.stickySeconds),
              '--reap',
            ],
            match: { recentName: name },
          },
        ],
        name,
        { service: info.name },
      );
    }
  }
  endpoints.forEach((ep, index) => {
    const parts: { args: string[]; match?: RuleMatch }[] = [
      quoted(`${info.name} -> ${ep.address}`),
    ];
    const remaining = endpoints.length - index;
    if (remaining > 1)
      parts.push({
        args: ['-m', 'statistic', '--mode', 'random', '--probability', probability(remaining)],
        match: { probability: 1 / remaining },
      });
    out.write('nat', chain, parts, sepChain(ep), { service: info.name });
  });
}

function writeServicePort(out: RuleWriter, info: ServicePortInfo, clusterCIDR: string): void {
  const { cluster, local: localEndpoints, reachable, hasAny } = categorizeEndpoints(info);
  const hash = portProtoHash(info.name, info.protocol);
  const clusterChain = `KUBE-SVC-${hash}`;
  const localChain = `KUBE-SVL-${hash}`;
  const externalChain = `KUBE-EXT-${hash}`;
  const externallyAccessible = info.nodePort !== 0 || info.externalIPs.length > 0;
  const usesCluster = !info.internalLocal || (externallyAccessible && !info.externalLocal);
  const usesLocal = info.internalLocal || (externallyAccessible && info.externalLocal);
  const internalChain = info.internalLocal ? localChain : clusterChain;
  const hasInternal = hasAny && (!info.internalLocal || localEndpoints.length > 0);
  const externalPolicyChain = info.externalLocal ? localChain : clusterChain;
  const hasExternal = hasAny && (!info.externalLocal || localEndpoints.length > 0);
  const usesExternalChain = hasAny && externallyAccessible;
  const svc = { service: info.name };
  const internalFilter = hasAny
    ? { target: 'DROP', comment: `${info.name} has no local endpoints` }
    : { target: 'REJECT', comment: `${info.name} has no endpoints` };
  const externalFilter = internalFilter;
  const clusterIPMatch = [proto(info.protocol), dest(info.clusterIP), dport(info.port)];

  if (hasInternal)
    out.write(
      'nat',
      KUBE_SERVICES,
      [quoted(`${info.name} cluster IP`), ...clusterIPMatch],
      internalChain,
      svc,
    );
  else
    out.write(
      'filter',
      KUBE_SERVICES,
      [quoted(internalFilter.comment), ...clusterIPMatch],
      internalFilter.target,
      svc,
    );

  for (const ip of info.externalIPs) {
    const match = [proto(info.protocol), dest(ip), dport(info.port)];
    if (hasAny)
      out.write(
        'nat',
        KUBE_SERVICES,
        [quoted(`${info.name} external IP`), ...match],
        externalChain,
        svc,
      );
    if (!hasExternal)
      out.write(
        'filter',
        KUBE_EXTERNAL_SERVICES,
        [quoted(externalFilter.comment), ...match],
        externalFilter.target,
        svc,
      );
  }

  if (info.nodePort !== 0) {
    if (hasAny)
      out.write(
        'nat',
        KUBE_NODEPORTS,
        [comment(info.name), proto(info.protocol), dport(info.nodePort)],
        externalChain,
        svc,
      );
    if (!hasExternal)
      out.write(
        'filter',
        KUBE_EXTERNAL_SERVICES,
        [quoted(externalFilter.comment), dstLocal, proto(info.protocol), dport(info.nodePort)],
        externalFilter.target,
        svc,
      );
  }

  if (hasInternal)
    out.write(
      'nat',
      internalChain,
      [quoted(`${info.name} cluster IP`), ...clusterIPMatch, notLocal(clusterCIDR)],
      KUBE_MARK_MASQ,
      svc,
    );

  if (usesExternalChain) {
    out.chain('nat', externalChain);
    if (!info.externalLocal) {
      out.write(
        'nat',
        externalChain,
        [quoted(`masquerade traffic for ${info.name} external destinations`)],
        KUBE_MARK_MASQ,
        svc,
      );
    } else {
      out.write(
        'nat',
        externalChain,
        [quoted(`pod traffic for ${info.name} external destinations`), local(clusterCIDR)],
        clusterChain,
        svc,
      );
      out.write(
        'nat',
        externalChain,
        [quoted(`masquerade LOCAL traffic for ${info.name} external destinations`), srcLocal],
        KUBE_MARK_MASQ,
        svc,
      );
      out.write(
        'nat',
        externalChain,
        [quoted(`route LOCAL traffic for ${info.name} external destinations`), srcLocal],
        clusterChain,
        svc,
      );
    }
    if (hasExternal) out.write('nat', externalChain, [], externalPolicyChain, svc);
  }

  if (cluster.length > 0 && usesCluster) {
    out.chain('nat', clusterChain);
    writeServiceToEndpointRules(out, info, clusterChain, cluster);
  }
  if (localEndpoints.length > 0 && usesLocal) {
    out.chain('nat', localChain);
    writeServiceToEndpointRules(out, info, localChain, localEndpoints);
  }
  for (const ep of reachable) {
    const chain = servicePortEndpointChainName(info.name, info.protocol, ep.address);
    out.chain('nat', chain);
    out.write(
      'nat',
      chain,
      [comment(info.name), { args: ['-s', ep.ip], match: { source: ep.ip } }],
      KUBE_MARK_MASQ,
      svc,
    );
    const affinity =
      info.stickySeconds !== null ? [{ args: ['-m', 'recent', '--name', chain, '--set'] }] : [];
    out.write('nat', chain, [comment(info.name), ...affinity, proto(info.protocol)], 'DNAT', {
      targetArgs: ['--to-destination', ep.address],
      toDestination: ep.address,
      service: info.name,
    });
  }
}

/** syncProxyRules: the whole table for one node. */
export function syncProxyRules(
  services: Service[],
  slices: EndpointSlice[],
  config: ProxierConfig,
): RuleTable {
  const out = new RuleWriter();
  for (const chain of [
    KUBE_SERVICES,
    KUBE_EXTERNAL_SERVICES,
    KUBE_FORWARD,
    KUBE_NODEPORTS,
    KUBE_PROXY_FIREWALL,
  ])
    out.chain('filter', chain);
  for (const chain of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ])
    out.chain('nat', chain);
  const mark = `${MASQUERADE_MARK}/${MASQUERADE_MARK}`;
  out.write(
    'nat',
    KUBE_POSTROUTING,
    [{ args: ['-m', 'mark', '!', '--mark', mark], match: { notMarked: true } }],
    'RETURN',
  );
  out.write('nat', KUBE_POSTROUTING, [], 'MARK', { targetArgs: ['--xor-mark', MASQUERADE_MARK] });
  out.write(
    'nat',
    KUBE_POSTROUTING,
    [quoted('kubernetes service traffic requiring SNAT')],
    'MASQUERADE',
    {
      targetArgs: ['--random-fully'],
    },
  );
  out.write('nat', KUBE_MARK_MASQ, [], 'MARK', { targetArgs: ['--or-mark', MASQUERADE_MARK] });
  for (const info of servicePorts(services, slices, config.nodeName))
    writeServicePort(out, info, config.clusterCIDR);
  out.write(
    'nat',
    KUBE_SERVICES,
    [
      quoted('kubernetes service nodeports; NOTE: this must be the last rule in this chain'),
      dstLocal,
    ],
    KUBE_NODEPORTS,
  );
  out.write(
    'filter',
    KUBE_FORWARD,
    [{ args: ['-m', 'conntrack', '--ctstate', 'INVALID'] }],
    'DROP',
  );
  out.write(
    'filter',
    KUBE_FORWARD,
    [quoted('kubernetes forwarding rules'), { args: ['-m', 'mark', '--mark', mark] }],
    'ACCEPT',
  );
  out.write(
    'filter',
    KUBE_FORWARD,
    [
      quoted('kubernetes forwarding conntrack rule'),
      { args: ['-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED'] },
    ],
    'ACCEPT',
  );
  return { chains: out.chains, rules: out.rules };
}

/** The iptables-restore input kube-proxy builds: both tables, chain lines then rules. */
export function iptablesRestoreInput(table: RuleTable): string {
  const lines: string[] = [];
  for (const name of ['filter', 'nat'] as const) {
    lines.push(`*${name}`);
    for (const chain of table.chains[name]) lines.push(`:${chain} - [0:0]`);
    for (const rule of table.rules)
      if (rule.table === name) lines.push(`-A ${rule.chain} ${rule.text}`);
    lines.push('COMMIT');
  }
  return `${lines.join('\n')}\n`;
}
