// Builders for the scheduler's unit tests: nodes and pods as plain API objects, and NodeInfos
// assembled through the real SchedulerCache so tests account resources the way the scheduler does.

import type {
  Affinity,
  Container,
  ContainerImage,
  Node,
  Pod,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from 'kubernetes-types/core/v1';
import { SeededRng } from '../host/rng.ts';
import { SchedulerCache } from './cache.ts';
import type { NodeInfo, PodInfo } from './framework.ts';
import { newHandle, NO_LISTERS, type Listers } from './handle.ts';
import { defaultPlugins } from './plugins/registry.ts';
import { SchedulingFramework } from './schedule-one.ts';

export interface NodeShape {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  extended?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  labels?: Record<string, string>;
  images?: ContainerImage[];
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
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, ...shape.labels },
    },
    spec: {
      ...(shape.taints ? { taints: shape.taints } : {}),
      ...(shape.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable,
      capacity: allocatable,
      ...(shape.images ? { images: shape.images } : {}),
    },
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
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  topologySpreadConstraints?: TopologySpreadConstraint[];
  hostPorts?: number[];
  startTime?: string;
}

export function makePod(name: string, shape: PodShape = {}): Pod {
  const containers = shape.containers ?? [
    {
      name: 'app',
      image: 'nginx',
      ...(shape.requests ? { resources: { requests: shape.requests } } : {}),
      ...(shape.hostPorts
        ? { ports: shape.hostPorts.map((port) => ({ containerPort: port, hostPort: port })) }
        : {}),
    },
  ];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: shape.namespace ?? 'default',
      uid: `uid-${name}`,
      ...(shape.labels ? { labels: shape.labels } : {}),
    },
    spec: {
      containers,
      ...(shape.initContainers ? { initContainers: shape.initContainers } : {}),
      ...(shape.overhead ? { overhead: shape.overhead } : {}),
      ...(shape.tolerations ? { tolerations: shape.tolerations } : {}),
      ...(shape.nodeName ? { nodeName: shape.nodeName } : {}),
      ...(shape.priority !== undefined ? { priority: shape.priority } : {}),
      ...(shape.preemptionPolicy ? { preemptionPolicy: shape.preemptionPolicy } : {}),
      ...(shape.nodeSelector ? { nodeSelector: shape.nodeSelector } : {}),
      ...(shape.affinity ? { affinity: shape.affinity } : {}),
      ...(shape.topologySpreadConstraints
        ? { topologySpreadConstraints: shape.topologySpreadConstraints }
        : {}),
    },
    ...(shape.startTime ? { status: { startTime: shape.startTime } } : {}),
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

/** A cache holding `nodes` with `pods` bound where their spec.nodeName says. */
export function cacheWithPods(nodes: readonly Node[], pods: readonly Pod[] = []): SchedulerCache {
  const cache = new SchedulerCache();
  for (const node of nodes) cache.setNode(node);
  for (const pod of pods) cache.addPod(pod);
  return cache;
}

/** The default plugins over a cache, as the scheduler runs them (no nominated pods). */
export function frameworkFor(
  cache: SchedulerCache,
  options: { seed?: number; listers?: Listers; nominated?: PodInfo[] } = {},
): SchedulingFramework {
  const handle = newHandle(cache, options.listers ?? NO_LISTERS);
  const nominated = options.nominated ?? [];
  return new SchedulingFramework(
    defaultPlugins(handle),
    handle,
    cache,
    new SeededRng(options.seed ?? 1, 'scheduler-test'),
    {
      nominatedPodsForNode: (node) =>
        nominated.filter((info) => info.pod.status?.nominatedNodeName === node),
    },
  );
}
