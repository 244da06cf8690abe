// A simulated request made visible: reads the cluster as an admin would (Services,
// EndpointSlices, Pods, Nodes), builds each node's kube-proxy rules exactly as that node's
// kube-proxy does, routes the request (simulated-request.ts) with the caller's seeded Rng and
// records every hop as a `packet` trace record for the diagram.

import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import { NODE_TYPE, POD_TYPE, type Client } from '../client/client.ts';
import type { TraceDraft } from '../client/protocol.ts';
import type { ActorContext } from '../host/runtime.ts';
import { CLUSTER_CIDR } from './kube-proxy.ts';
import type { Draw } from './packet-walk.ts';
import { syncProxyRules, type RuleTable } from './proxy-rules.ts';
import { simulateRequest, type ClusterView, type RequestResult } from './simulated-request.ts';

export type RequestFrom = { pod: { namespace: string; name: string } } | { node: string };

function nodeIP(node: Node): string {
  return node.status?.addresses?.find((address) => address.type === 'InternalIP')?.address ?? '';
}

/** The cluster as the request sees it, read through the API. */
export async function readClusterView(client: Client): Promise<ClusterView> {
  const [services, slices, pods, nodes] = await Promise.all([
    client.resource<Service>({ group: '', version: 'v1', resource: 'services' }).list(),
    client
      .resource<EndpointSlice>({
        group: 'discovery.k8s.io',
        version: 'v1',
        resource: 'endpointslices',
      })
      .list(),
    client.resource<Pod>(POD_TYPE).list(),
    client.resource<Node>(NODE_TYPE).list(),
  ]);
  const tables = new Map<string, RuleTable>();
  return {
    services: services.items,
    slices: slices.items,
    pods: pods.items,
    nodes: nodes.items.map((node) => ({ name: node.metadata?.name ?? '', ip: nodeIP(node) })),
    rulesFor(nodeName) {
      let table = tables.get(nodeName);
      if (!table) {
        table = syncProxyRules(services.items, slices.items, {
          nodeName,
          clusterCIDR: CLUSTER_CIDR,
        });
        tables.set(nodeName, table);
      }
      return table;
    },
  };
}

export interface Tracer {
  trace(draft: TraceDraft): void;
  /** Lets the next hop leave in a later round, so the diagram plays hops in order. */
  nextHop(): Promise<void>;
}

/** Records as `context`'s component, one virtual millisecond between hops. */
export function actorTracer(context: Pick<ActorContext, 'trace' | 'clock'>): Tracer {
  return {
    trace: (draft) => {
      context.trace(draft);
    },
    nextHop: () =>
      new Promise<void>((resolve) => {
        context.clock.setTimeout(resolve, 1);
      }),
  };
}

/** Routes `url` from a pod or node and traces its hops; null for an unknown source or URL. */
export async function tracedRequest(
  client: Client,
  tracer: Tracer,
  rng: Draw,
  from: RequestFrom,
  url: string,
): Promise<RequestResult | null> {
  const view = await readClusterView(client);
  let source: { pod: Pod } | { node: string };
  if ('pod' in from) {
    const pod = view.pods.find(
      (candidate) =>
        candidate.metadata?.namespace === from.pod.namespace &&
        candidate.metadata.name === from.pod.name,
    );
    if (!pod) return null;
    source = { pod };
  } else source = from;
  const result = simulateRequest(view, source, url, rng);
  for (const hop of result?.hops ?? []) {
    tracer.trace({ from: hop.from, to: hop.to, kind: 'packet', label: hop.label });
    await tracer.nextHop();
  }
  return result;
}
