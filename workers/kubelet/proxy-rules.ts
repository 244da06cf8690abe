// kube-proxy's iptables mode as data (pkg/proxy/iptables/proxier.go syncProxyRules,
// writeServiceToEndpointRules): the filter and nat rules one node gets for the Services and EndpointSlices, each rule both as the text kube-proxy
// hands iptables-restore and as the matches a packet walk needs. Left out: load-balancer
// ingress and source ranges (no cloud provider here), health-check node ports, topology hints,
// IPv6, and the partial syncs and stale-chain deletions of a long-running proxier.

import type { Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { portProtoHash, probability, servicePortEndpointChainName } from './proxy-chains.ts';
import {
  categorizeEndpoints,
  servicePorts,
  type ProxyEndpoint,
  type ServicePortInfo,
} from './proxy-services.ts';

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
