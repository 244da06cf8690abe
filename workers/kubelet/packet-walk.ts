// A new connection's first packet through one node's kube-proxy rules, as netfilter would take
// it: nat PREROUTING (from a pod) or OUTPUT (from the node) jumps to KUBE-SERVICES, rules are
// tried in order, `-m statistic --mode random` draws from the seeded Rng, DNAT ends the walk;
// without a DNAT the filter table's REJECT/DROP rules for the address decide. Left out: conntrack
// (every walk is a new connection) and so the `-m recent` affinity lists stay empty.

import type { IptablesRule, RuleMatch, RuleTable, Table } from './proxy-rules.ts';

export interface Packet {
  source: string;
  destination: string;
  port: number;
  protocol: string;
  /** The node's own process sent it (addrtype --src-type LOCAL), not a pod. */
  fromNode: boolean;
  /** The node's addresses (addrtype --dst-type LOCAL). */
  localAddresses: readonly string[];
}

export type Verdict =
  | { kind: 'dnat'; to: string; service: string }
  | { kind: 'reject' | 'drop'; service: string }
  /** No rule took the packet: it is routed to its destination as addressed. */
  | { kind: 'route' };

export interface WalkResult {
  /** Every rule the packet matched, in order. */
  steps: IptablesRule[];
  verdict: Verdict;
  /** KUBE-MARK-MASQ marked it: POSTROUTING will SNAT it to the node's address. */
  masquerade: boolean;
}

export interface Draw {
  float(): number;
}

function ipValue(ip: string): number {
  return ip.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipValue(ip) / size) === Math.floor(ipValue(base) / size);
}

function isLocal(packet: Packet, address: string): boolean {
  return address.startsWith('127.') || packet.localAddresses.includes(address);
}

/** Whether the rule matches; a statistic match draws only once every other match held. */
function matches(match: RuleMatch, packet: Packet, rng: Draw): boolean {
  if (match.protocol !== undefined && match.protocol !== packet.protocol) return false;
  if (match.destination !== undefined && match.destination !== packet.destination) return false;
  if (match.dport !== undefined && match.dport !== packet.port) return false;
  if (match.source !== undefined && match.source !== packet.source) return false;
  if (match.notSourceCidr !== undefined && inCidr(packet.source, match.notSourceCidr)) return false;
  if (match.sourceCidr !== undefined && !inCidr(packet.source, match.sourceCidr)) return false;
  if (match.dstTypeLocal && !isLocal(packet, packet.destination)) return false;
  if (match.srcTypeLocal && !packet.fromNode) return false;
  if (match.recentName !== undefined) return false;
  if (match.probability !== undefined) return rng.float() < match.probability;
  return true;
}

type Outcome = Verdict | 'return' | 'continue';

class Walker {
  readonly steps: IptablesRule[] = [];
  masquerade = false;

  constructor(
    private readonly table: RuleTable,
    private readonly packet: Packet,
    private readonly rng: Draw,
  ) {}

  /** Runs a chain; 'continue' when it fell off the end or returned. */
  chain(tableName: Table, chain: string): Outcome {
    for (const rule of this.table.rules) {
      if (rule.table !== tableName || rule.chain !== chain) continue;
      if (!matches(rule.match, this.packet, this.rng)) continue;
      this.steps.push(rule);
      const outcome = this.target(tableName, rule);
      if (outcome === 'return') return 'continue';
      if (outcome !== 'continue') return outcome;
    }
    return 'continue';
  }

  private target(tableName: Table, rule: IptablesRule): Outcome {
    const service = rule.service ?? '';
    switch (rule.target) {
      case 'DNAT':
        return { kind: 'dnat', to: rule.toDestination ?? '', service };
      case 'REJECT':
        return { kind: 'reject', service };
      case 'DROP':
        return { kind: 'drop', service };
      case 'RETURN':
        return 'return';
      case 'MARK':
        this.masquerade = true;
        return 'continue';
      case 'ACCEPT':
      case 'MASQUERADE':
        return 'continue';
      default:
        return this.table.chains[tableName].includes(rule.target)
          ? this.chain(tableName, rule.target)
          : 'continue';
    }
  }
}

/** The first packet of a connection through the node's nat and then filter rules. */
export function walkPacket(table: RuleTable, packet: Packet, rng: Draw): WalkResult {
  const walker = new Walker(table, packet, rng);
  const nat = walker.chain('nat', 'KUBE-SERVICES');
  if (nat !== 'continue' && nat !== 'return')
    return { steps: walker.steps, verdict: nat, masquerade: walker.masquerade };
  // filter: KUBE-SERVICES from FORWARD/OUTPUT, KUBE-EXTERNAL-SERVICES and KUBE-NODEPORTS from INPUT.
  for (const chain of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-NODEPORTS']) {
    const verdict = walker.chain('filter', chain);
    if (verdict !== 'continue' && verdict !== 'return')
      return { steps: walker.steps, verdict, masquerade: walker.masquerade };
  }
  return { steps: walker.steps, verdict: { kind: 'route' }, masquerade: walker.masquerade };
}
