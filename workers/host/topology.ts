// How a cluster is laid out in runtimes (docs/decisions/0001-lockstep-rounds.md): etcd, the API
// server, the scheduler and the controller manager each in their own; one runtime per node up
// to a cap, past which nodes share node-pool runtimes (KWOK-style); the UI's kubectl in `main`.

import {
  APISERVER,
  CONTROLLER_MANAGER,
  ETCD,
  KUBECTL,
  SCHEDULER,
  kubeletId,
  kubeProxyId,
  type ComponentId,
} from '../client/protocol.ts';

export type RuntimeKind =
  'etcd' | 'apiserver' | 'scheduler' | 'controller-manager' | 'nodes' | 'main';

export interface NodePlan {
  name: string;
  index: number;
}

export interface RuntimePlan {
  id: string;
  kind: RuntimeKind;
  nodes: NodePlan[];
}

export interface ClusterShape {
  nodes: number;
  /** Nodes past this many share node-pool runtimes. */
  dedicatedNodeRuntimes?: number;
  /** How many nodes one node-pool runtime holds. */
  nodesPerPool?: number;
}

export const DEFAULT_DEDICATED_NODE_RUNTIMES = 8;
const DEFAULT_NODES_PER_POOL = 50;

export function nodeName(index: number): string {
  return `node-${index}`;
}

export function planRuntimes(shape: ClusterShape): RuntimePlan[] {
  const plans: RuntimePlan[] = [
    { id: 'etcd', kind: 'etcd', nodes: [] },
    { id: 'apiserver', kind: 'apiserver', nodes: [] },
    { id: 'scheduler', kind: 'scheduler', nodes: [] },
    { id: 'controller-manager', kind: 'controller-manager', nodes: [] },
  ];
  const dedicated = shape.dedicatedNodeRuntimes ?? DEFAULT_DEDICATED_NODE_RUNTIMES;
  const perPool = shape.nodesPerPool ?? DEFAULT_NODES_PER_POOL;
  const nodes = Array.from({ length: shape.nodes }, (_, i) => ({
    name: nodeName(i + 1),
    index: i + 1,
  }));
  if (nodes.length <= dedicated) {
    for (const node of nodes) plans.push({ id: node.name, kind: 'nodes', nodes: [node] });
  } else {
    for (let start = 0; start < nodes.length; start += perPool) {
      plans.push({
        id: `node-pool-${start / perPool + 1}`,
        kind: 'nodes',
        nodes: nodes.slice(start, start + perPool),
      });
    }
  }
  plans.push({ id: 'main', kind: 'main', nodes: [] });
  return plans;
}

/** The components a runtime holds, by id. */
export function componentsOf(plan: RuntimePlan): ComponentId[] {
  switch (plan.kind) {
    case 'etcd':
      return [ETCD];
    case 'apiserver':
      return [APISERVER];
    case 'scheduler':
      return [SCHEDULER];
    case 'controller-manager':
      return [CONTROLLER_MANAGER];
    case 'nodes':
      return plan.nodes.flatMap((node) => [kubeletId(node.name), kubeProxyId(node.name)]);
    case 'main':
      return [KUBECTL];
  }
}

/**
 * Where each component lives, for routing envelopes between runtimes. `added` holds components a
 * host placed after boot (a Docker node in `main`); it is read on every lookup, so the host can
 * grow it while the cluster runs.
 */
export function routing(
  plans: readonly RuntimePlan[],
  added: ReadonlyMap<ComponentId, string> = new Map(),
): (component: ComponentId) => string {
  const table = new Map<ComponentId, string>();
  for (const plan of plans)
    for (const component of componentsOf(plan)) table.set(component, plan.id);
  return (component) => {
    const runtime = table.get(component) ?? added.get(component);
    if (runtime === undefined) throw new Error(`no runtime holds component ${component}`);
    return runtime;
  };
}
