// The Node a kubelet registers and keeps up to date (kubelet_node_status.go initialNode,
// nodestatus/setters.go): labels, capacity and allocatable, addresses, node info, and the four
// conditions in upstream order. Ready waits for pod networking (a pod CIDR), as with kindnet.

import type { Node, NodeCondition, NodeStatus, NodeSystemInfo } from 'kubernetes-types/core/v1';
import { formatTime } from '../api/time.ts';
import type { PulledImage } from './cri.ts';

/** The node's kernel, which containers see too (`uname -r`, nginx's `OS:` line). */
export const KERNEL_VERSION = '6.8.0-49-generic';

export const KUBELET_VERSION = 'v1.32.4';
export const CONTAINER_RUNTIME_VERSION = 'containerd://1.7.24';

export interface NodeConfig {
  name: string;
  ip: string;
  cpu: string;
  /** Bytes. */
  memoryBytes: number;
  /** Bytes. */
  ephemeralStorageBytes: number;
  maxPods: number;
  labels?: Record<string, string>;
  machineID: string;
  systemUUID: string;
  bootID: string;
  /** What a real machine reports instead (a Docker node: its engine, kernel and OS). */
  nodeInfo?: Partial<NodeSystemInfo>;
}

export const NETWORK_NOT_READY =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/** The eviction threshold memory.available<100Mi comes off allocatable. */
const EVICTION_HARD_MEMORY = 100 * 1024 * 1024;

function ki(bytes: number): string {
  return `${Math.floor(bytes / 1024)}Ki`;
}

export function nodeCapacity(config: NodeConfig): {
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
} {
  const capacity = {
    cpu: config.cpu,
    'ephemeral-storage': ki(config.ephemeralStorageBytes),
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: ki(config.memoryBytes),
    pods: String(config.maxPods),
  };
  const allocatable = {
    ...capacity,
    // nodefs.available<10% is reserved for eviction: allocatable storage is 90%, in bytes.
    'ephemeral-storage': String(Math.floor(config.ephemeralStorageBytes * 0.9)),
    memory: ki(config.memoryBytes - EVICTION_HARD_MEMORY),
  };
  return { capacity, allocatable };
}

export interface ConditionInput {
  networkReady: boolean;
  now: number;
  previous?: readonly NodeCondition[];
}

export function nodeConditions({
  networkReady,
  now,
  previous = [],
}: ConditionInput): NodeCondition[] {
  const time = formatTime(now);
  const make = (
    type: string,
    status: 'True' | 'False',
    reason: string,
    message: string,
  ): NodeCondition => {
    const old = previous.find((condition) => condition.type === type);
    return {
      type,
      status,
      lastHeartbeatTime: time,
      lastTransitionTime: old?.status === status ? old.lastTransitionTime : time,
      reason,
      message,
    };
  };
  return [
    make(
      'MemoryPressure',
      'False',
      'KubeletHasSufficientMemory',
      'kubelet has sufficient memory available',
    ),
    make('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    make('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    networkReady
      ? make('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
      : make('Ready', 'False', 'KubeletNotReady', NETWORK_NOT_READY),
  ];
}

export function nodeImages(images: readonly PulledImage[]): NodeStatus['images'] {
  return [...images]
    .sort((a, b) => b.size - a.size)
    .slice(0, 50)
    .map((image) => ({ names: [image.imageRef, image.image], sizeBytes: image.size }));
}

export function nodeStatus(
  config: NodeConfig,
  conditions: NodeCondition[],
  images: readonly PulledImage[],
): NodeStatus {
  const { capacity, allocatable } = nodeCapacity(config);
  return {
    addresses: [
      { type: 'InternalIP', address: config.ip },
      { type: 'Hostname', address: config.name },
    ],
    allocatable,
    capacity,
    conditions,
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    images: nodeImages(images),
    nodeInfo: {
      architecture: 'amd64',
      bootID: config.bootID,
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kernelVersion: KERNEL_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      machineID: config.machineID,
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: config.systemUUID,
      ...config.nodeInfo,
    },
  };
}

export function initialNode(config: NodeConfig, now: number): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: config.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': config.name,
        'kubernetes.io/os': 'linux',
        ...config.labels,
      },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: {},
    status: nodeStatus(config, nodeConditions({ networkReady: false, now }), []),
  };
}
