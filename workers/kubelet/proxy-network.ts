// The node's side of the pod network, held by its kube-proxy (docs/decisions/0002-pod-network.md):
// a pod's DNS questions are answered from the Services and EndpointSlices kube-proxy watches, as
// CoreDNS's kubernetes plugin answers them, and a pod's new connection walks the node's current
// iptables rules (the last sync's, drawn with kube-proxy's seeded Rng) to the serving node's
// kubelet. Left out: routes to other nodes' pod IPs that no EndpointSlice lists, and other nodes'
// NodePorts.

import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import {
  kubeletId,
  kubeProxyId,
  type ConnectionResult,
  type Envelope,
  type Message,
  type PodConnection,
  type TraceDraft,
} from '../client/protocol.ts';
import { lookup } from './cluster-dns.ts';
import type { KubeProxy } from './kube-proxy.ts';
import { inCidr, type Draw } from './packet-walk.ts';
import { routePacket, type Hop, type Route } from './simulated-request.ts';

export interface ProxyNetworkContext {
  send(to: string, message: Message, trace?: Partial<TraceDraft>): void;
  trace(draft: TraceDraft): void;
  rng: Draw;
}

/** The pod an EndpointSlice lists at `ip`, and its node. */
function endpointAt(
  slices: EndpointSlice[],
  ip: string,
): { node: string; pod: string } | undefined {
  for (const slice of slices) {
    const endpoints: unknown = slice.endpoints;
    if (!Array.isArray(endpoints)) continue;
    for (const endpoint of endpoints as EndpointSlice['endpoints']) {
      if (!endpoint.addresses.includes(ip) || !endpoint.nodeName) continue;
      const ref = endpoint.targetRef;
      return { node: endpoint.nodeName, pod: `${ref?.namespace ?? ''}/${ref?.name ?? ''}` };
    }
  }
  return undefined;
}

export class ProxyNetwork {
  constructor(
    private readonly proxy: KubeProxy,
    private readonly nodeName: string,
    private readonly nodeIP: string,
    private readonly context: ProxyNetworkContext,
  ) {}

  /** Takes the pod network's messages; false for any other. */
  handle(envelope: Envelope): boolean {
    const { message, from } = envelope;
    if (message.type === 'dns-query') {
      const answers = message.query.names.map((name) =>
        lookup(name, this.proxy.servicesSeen, this.proxy.slicesSeen),
      );
      this.context.send(
        from,
        { type: 'dns-answer', id: message.id, answers },
        { from: 'kube-dns', to: `pod:${message.query.pod}` },
      );
      return true;
    }
    if (message.type === 'pod-connect') {
      this.connect(from, message.id, message.connection);
      return true;
    }
    return false;
  }

  private connect(from: string, id: number, connection: PodConnection): void {
    const self = kubeProxyId(this.nodeName);
    const hops: Hop[] = [];
    const route = routePacket(
      {
        services: this.proxy.servicesSeen,
        slices: this.proxy.slicesSeen,
        pods: [],
        nodes: [{ name: this.nodeName, ip: this.nodeIP }],
        rulesFor: () => this.proxy.rules,
      },
      { ip: connection.source, node: this.nodeName, ref: `pod:${connection.pod}`, fromNode: false },
      { ip: connection.destination, port: connection.port },
      this.context.rng,
      hops,
    );
    for (const hop of hops)
      this.context.trace({ from: self, to: self, kind: 'internal', label: hop.label });
    const reached = this.endpointFor(route);
    if ('kind' in reached) {
      this.context.send(
        from,
        { type: 'pod-connect-result', id, result: reached },
        { to: `pod:${connection.pod}` },
      );
      return;
    }
    this.context.send(
      kubeletId(reached.node),
      {
        type: 'pod-connect',
        id,
        connection: { ...connection, destination: route.ip, port: route.port },
      },
      { to: `pod:${reached.pod}` },
    );
  }

  /** The node and pod holding the routed address, or how the connection ends here. */
  private endpointFor(route: Route): ConnectionResult | { node: string; pod: string } {
    if (route.kind === 'refused') return { kind: 'refused' };
    if (route.kind === 'timeout') return { kind: 'unanswered' };
    // The node's own address: nothing but kube-proxy's rules listens on it.
    if (route.ip === this.nodeIP) return { kind: 'refused' };
    const podCIDR = this.proxy.podCIDR;
    return (
      endpointAt(this.proxy.slicesSeen, route.ip) ??
      (podCIDR && inCidr(route.ip, podCIDR)
        ? { node: this.nodeName, pod: route.ip }
        : { kind: 'unanswered' })
    );
  }
}
