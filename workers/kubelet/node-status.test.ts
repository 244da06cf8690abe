import type { NodeCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  CONTAINER_RUNTIME_VERSION,
  initialNode,
  KUBELET_VERSION,
  NETWORK_NOT_READY,
  nodeCapacity,
  nodeConditions,
  nodeImages,
  nodeStatus,
  type NodeConfig,
} from './node-status.ts';

const GIB = 1024 ** 3;
const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
const T0_TEXT = '2025-01-01T00:00:00Z';
const LATER = T0 + 40_000;
const LATER_TEXT = '2025-01-01T00:00:40Z';

const CONFIG: NodeConfig = {
  name: 'node-1',
  ip: '172.18.0.3',
  cpu: '4',
  memoryBytes: 8 * GIB,
  ephemeralStorageBytes: 100 * GIB,
  maxPods: 110,
  labels: { 'topology.kubernetes.io/zone': 'zone-a' },
  machineID: 'f'.repeat(32),
  systemUUID: '11111111-2222-4333-8444-555555555555',
  bootID: '66666666-7777-4888-9999-000000000000',
};

describe('nodeCapacity', () => {
  it('reports cpu, memory in Ki, storage, hugepages and pods', () => {
    expect(nodeCapacity(CONFIG).capacity).toEqual({
      cpu: '4',
      'ephemeral-storage': '104857600Ki',
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: '8388608Ki',
      pods: '110',
    });
  });

  it('takes the 100Mi hard-eviction threshold off allocatable memory and 10% off storage', () => {
    expect(nodeCapacity(CONFIG).allocatable).toEqual({
      cpu: '4',
      'ephemeral-storage': String(Math.floor(100 * GIB * 0.9)),
      'hugepages-1Gi': '0',
      'hugepages-2Mi': '0',
      memory: `${8 * 1024 * 1024 - 100 * 1024}Ki`,
      pods: '110',
    });
  });

  it.each<[number, string, string]>([
    [16 * GIB, '16777216Ki', '16674816Ki'],
    [2 * GIB + 512, '2097152Ki', '1994752Ki'],
  ])('rounds %i bytes of memory down to whole Ki', (memoryBytes, capacity, allocatable) => {
    const { capacity: cap, allocatable: alloc } = nodeCapacity({ ...CONFIG, memoryBytes });
    expect([cap.memory, alloc.memory]).toEqual([capacity, allocatable]);
  });
});

/** `type status reason "message"` per condition. */
function lines(conditions: NodeCondition[]): string[] {
  return conditions.map(
    (condition) =>
      `${condition.type} ${condition.status} ${condition.reason ?? ''} "${condition.message ?? ''}"`,
  );
}

describe('nodeConditions', () => {
  it.each<[string, boolean, string]>([
    [
      'reports Ready once pod networking is up',
      true,
      'Ready True KubeletReady "kubelet is posting ready status"',
    ],
    [
      'reports NotReady while the CNI is missing',
      false,
      `Ready False KubeletNotReady "${NETWORK_NOT_READY}"`,
    ],
  ])('%s, after the three pressure conditions', (_name, networkReady, ready) => {
    expect(lines(nodeConditions({ networkReady, now: T0 }))).toEqual([
      'MemoryPressure False KubeletHasSufficientMemory "kubelet has sufficient memory available"',
      'DiskPressure False KubeletHasNoDiskPressure "kubelet has no disk pressure"',
      'PIDPressure False KubeletHasSufficientPID "kubelet has sufficient PID available"',
      ready,
    ]);
  });

  it('uses the upstream NotReady message for an uninitialized CNI', () => {
    expect(NETWORK_NOT_READY).toBe(
      'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized',
    );
  });

  it('stamps every condition with the heartbeat and, the first time, the transition', () => {
    for (const condition of nodeConditions({ networkReady: false, now: T0 })) {
      expect([condition.lastHeartbeatTime, condition.lastTransitionTime]).toEqual([
        T0_TEXT,
        T0_TEXT,
      ]);
    }
  });

  it('keeps lastTransitionTime of unchanged conditions and moves it for changed ones', () => {
    const previous = nodeConditions({ networkReady: false, now: T0 });
    const next = nodeConditions({ networkReady: true, now: LATER, previous });
    expect(
      next.map((condition) => [
        condition.type,
        condition.lastHeartbeatTime,
        condition.lastTransitionTime,
      ]),
    ).toEqual([
      ['MemoryPressure', LATER_TEXT, T0_TEXT],
      ['DiskPressure', LATER_TEXT, T0_TEXT],
      ['PIDPressure', LATER_TEXT, T0_TEXT],
      ['Ready', LATER_TEXT, LATER_TEXT],
    ]);
  });
});

describe('nodeImages', () => {
  it('lists images largest first, digest name before tag', () => {
    const images = nodeImages([
      {
        image: 'docker.io/library/busybox:latest',
        imageRef: 'docker.io/library/busybox@sha256:b',
        size: 2_155_244,
      },
      {
        image: 'docker.io/library/nginx:latest',
        imageRef: 'docker.io/library/nginx@sha256:n',
        size: 72_938_476,
      },
    ]);
    expect(images).toEqual([
      {
        names: ['docker.io/library/nginx@sha256:n', 'docker.io/library/nginx:latest'],
        sizeBytes: 72_938_476,
      },
      {
        names: ['docker.io/library/busybox@sha256:b', 'docker.io/library/busybox:latest'],
        sizeBytes: 2_155_244,
      },
    ]);
  });

  it('reports at most 50 images', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      image: `img-${i}:latest`,
      imageRef: `img-${i}@sha256:${i}`,
      size: i,
    }));
    const images = nodeImages(many) ?? [];
    expect(images).toHaveLength(50);
    expect(images[0]?.sizeBytes).toBe(59);
  });
});

describe('nodeStatus and initialNode', () => {
  it('describes the node the way the kubelet registers it', () => {
    const node = initialNode(CONFIG, T0);
    expect(node.metadata).toEqual({
      name: 'node-1',
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': 'node-1',
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': 'zone-a',
      },
      annotations: { 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    });
    expect(
      node.status?.conditions?.map((condition) => `${condition.type}=${condition.status}`),
    ).toEqual(['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=False']);
  });

  it('reports addresses, the kubelet endpoint and node info', () => {
    const status = nodeStatus(CONFIG, [], []);
    expect(status.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.3' },
      { type: 'Hostname', address: 'node-1' },
    ]);
    expect(status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(status.nodeInfo).toMatchObject({
      architecture: 'amd64',
      operatingSystem: 'linux',
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      machineID: CONFIG.machineID,
      systemUUID: CONFIG.systemUUID,
      bootID: CONFIG.bootID,
    });
    expect(KUBELET_VERSION).toMatch(/^v1\.32\.\d+$/);
    expect(CONTAINER_RUNTIME_VERSION).toMatch(/^containerd:\/\/1\.7\.\d+$/);
  });
});
