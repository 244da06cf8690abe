// Builders for the scheduler's unit tests: nodes and pods as plain API objects, and NodeInfos
// assembled through the real SchedulerCache so tests account resources the way the scheduler does.

import type { Container, Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { SchedulerCache } from './cache.ts';
import type { NodeInfo } from './framework.ts';

export interface NodeShape {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  extended?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
}

export function makeNode(name: string, shape: NodeShape = {}): Node {
  const allocatable: Record<string, string> = {
    cpu: shape.cpu ?? '4',
    memory: shape.memory ?? '8Gi',
    pods: shape.pods ?? '110',
    'ephemeral-storage': shape.ephemeralStorage ?? '100Gi',
    ...shape.extended,
  };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: {
      ...(shape.taints ? { taints: shape.taints } : {}),
      ...(shape.unschedulable ? { unschedulable: true } : {}),
    },
    status: { allocatable, capacity: allocatable },
  };
}

export interface PodShape {
  requests?: Record<string, string>;
  containers?: Container[];
  initContainers?: Container[];
  overhead?: Record<string, string>;
  tolerations?: Toleration[];
  nodeName?: string;
  priority?: number;
  preemptionPolicy?: 'Never' | 'PreemptLowerPriority';
  namespace?: string;
}

export function makePod(name: string, shape: PodShape = {}): Pod {
  const containers = shape.containers ?? [
    {
      name: 'app',
      image: 'nginx',
      ...(shape.requests ? { resources: { requests: shape.requests } } : {}),
    },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: shape.namespace ?? 'default', uid: `uid-${name}` },
    spec: {
      containers,
      ...(shape.initContainers ? { initContainers: shape.initContainers } : {}),
      ...(shape.overhead ? { overhead: shape.overhead } : {}),
      ...(shape.tolerations ? { tolerations: shape.tolerations } : {}),
      ...(shape.nodeName ? { nodeName: shape.nodeName } : {}),
      ...(shape.priority !== undefined ? { priority: shape.priority } : {}),
      ...(shape.preemptionPolicy ? { preemptionPolicy: shape.preemptionPolicy } : {}),
    },
  };
}

/** A node's scheduler view with `pods` already bound to it. */
export function nodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
  const cache = new SchedulerCache();
  cache.setNode(node);
  const name = node.metadata?.name ?? '';
  for (const pod of pods)
    cache.addPod({
      ...pod,
      spec: { ...pod.spec, containers: pod.spec?.containers ?? [], nodeName: name },
    });
  const [info] = cache.nodeInfos();
  if (!info) throw new Error('no node info');
  return info;
}
