// tryUpdateNodeHealth as a table, after upstream's TestMonitorNodeHealthUpdateStatus
// and TestMonitorNodeHealthUpdateNodeAndPodStatusWithLease.

import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { formatMicroTime, formatTime } from '../../api/time.ts';
import { tryUpdateNodeHealth, type NodeHealth } from './node-health.ts';

const NOW = Date.UTC(2025, 0, 1, 1, 0, 0);
const GRACE = { monitorMs: 50_000, startupMs: 60_000 };
const ago = (ms: number): string => formatTime(NOW - ms);

function condition(type: string, status: string, heartbeatAgo: number): NodeCondition {
  return {
    type,
    status,
    reason: `Kubelet${type}`,
    message: `${type} is ${status}`,
    lastHeartbeatTime: ago(heartbeatAgo),
    lastTransitionTime: ago(3_600_000),
  };
}

function node(conditions: NodeCondition[] | undefined, createdAgo = 3_600_000): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'node-1', uid: 'uid-1', creationTimestamp: ago(createdAgo) },
    ...(conditions ? { status: { conditions } } : {}),
  };
}

const healthy = (heartbeatAgo: number): NodeCondition[] => [
  condition('Ready', 'True', heartbeatAgo),
  condition('MemoryPressure', 'False', heartbeatAgo),
  condition('DiskPressure', 'False', heartbeatAgo),
  condition('PIDPressure', 'False', heartbeatAgo),
  condition('NetworkUnavailable', 'False', heartbeatAgo),
];

function lease(renewedAgo: number): Lease {
  return {
    metadata: { name: 'node-1', namespace: 'kube-node-lease' },
    spec: {
      holderIdentity: 'node-1',
      leaseDurationSeconds: 40,
      renewTime: formatMicroTime(NOW - renewedAgo),
    },
  };
}

function seen(of: Node, probedAgo: number, withLease?: Lease): NodeHealth {
  return {
    probeTimestamp: NOW - probedAgo,
    readyTransitionTimestamp: NOW - probedAgo,
    status: of.status ?? {},
    ...(withLease ? { lease: withLease } : {}),
  };
}

const unknownFrom = (old: NodeCondition): NodeCondition => ({
  ...old,
  status: 'Unknown',
  reason: 'NodeStatusUnknown',
  message: 'Kubelet stopped posting node status.',
  lastTransitionTime: formatTime(NOW),
});

const neverUpdated = (type: string, createdAgo: number): NodeCondition => ({
  type,
  status: 'Unknown',
  reason: 'NodeStatusNeverUpdated',
  message: 'Kubelet never posted node status.',
  lastHeartbeatTime: ago(createdAgo),
  lastTransitionTime: formatTime(NOW),
});

describe('tryUpdateNodeHealth', () => {
  it.each<[string, Node, NodeHealth | undefined, Lease | undefined, NodeCondition[] | null]>([
    [
      'leaves a new node that has not posted status within the startup grace period',
      node(undefined, 30_000),
      undefined,
      undefined,
      null,
    ],
    [
      'marks a node that never posted status past the startup grace period NodeStatusNeverUpdated',
      node(undefined, 70_000),
      undefined,
      undefined,
      ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'].map((type) =>
        neverUpdated(type, 70_000),
      ),
    ],
    [
      'marks Unknown a node seen 51 s ago without a Lease, leaving NetworkUnavailable',
      node(healthy(51_000)),
      seen(node(healthy(51_000)), 51_000),
      undefined,
      [
        ...healthy(51_000).slice(0, 4).map(unknownFrom),
        condition('NetworkUnavailable', 'False', 51_000),
      ],
    ],
    [
      'leaves a node seen exactly 50 s ago',
      node(healthy(50_000)),
      seen(node(healthy(50_000)), 50_000),
      undefined,
      null,
    ],
    [
      'leaves a node whose status is old but whose Lease was renewed since',
      node(healthy(120_000)),
      seen(node(healthy(120_000)), 55_000, lease(60_000)),
      lease(5_000),
      null,
    ],
    [
      'marks Unknown a node whose Lease was not renewed since it was seen',
      node(healthy(120_000)),
      seen(node(healthy(120_000)), 55_000, lease(60_000)),
      lease(60_000),
      [
        ...healthy(120_000).slice(0, 4).map(unknownFrom),
        condition('NetworkUnavailable', 'False', 120_000),
      ],
    ],
    [
      'leaves a node whose kubelet posted a new heartbeat since',
      node(healthy(2_000)),
      seen(node(healthy(120_000)), 55_000),
      undefined,
      null,
    ],
    [
      'does not write a node already Unknown again',
      node(healthy(120_000).map(unknownFrom)),
      seen(node(healthy(120_000).map(unknownFrom)), 120_000),
      undefined,
      null,
    ],
  ])('%s', (_name, current, saved, observedLease, expected) => {
    const update = tryUpdateNodeHealth(current, saved, observedLease, NOW, GRACE);
    expect(update.statusUpdate?.status?.conditions ?? null).toEqual(expected);
  });

  it('makes up an Unknown Ready condition from the creation time for a node without one', () => {
    const update = tryUpdateNodeHealth(node(undefined, 30_000), undefined, undefined, NOW, GRACE);
    expect(update.observedReady).toEqual({
      type: 'Ready',
      status: 'Unknown',
      lastHeartbeatTime: ago(30_000),
      lastTransitionTime: ago(30_000),
    });
    expect(update.health.probeTimestamp).toBe(NOW - 30_000);
  });

  it.each<[string, Node, NodeHealth | undefined, Lease | undefined, number, number]>([
    [
      'probes a node seen for the first time now',
      node(healthy(1_000)),
      undefined,
      undefined,
      NOW,
      NOW,
    ],
    [
      'keeps the probe time while nothing changed',
      node(healthy(20_000)),
      seen(node(healthy(20_000)), 20_000),
      undefined,
      NOW - 20_000,
      NOW - 20_000,
    ],
    [
      'moves the probe time on a new heartbeat, not the transition time',
      node(healthy(1_000)),
      seen(node(healthy(20_000)), 20_000),
      undefined,
      NOW,
      NOW - 20_000,
    ],
    [
      'moves both on a Ready transition',
      node([{ ...condition('Ready', 'False', 1_000), lastTransitionTime: ago(1_000) }]),
      seen(node(healthy(20_000)), 20_000),
      undefined,
      NOW,
      NOW,
    ],
    [
      'moves the probe time on a Lease renewal',
      node(healthy(20_000)),
      seen(node(healthy(20_000)), 20_000, lease(20_000)),
      lease(1_000),
      NOW,
      NOW - 20_000,
    ],
  ])('%s', (_name, current, saved, observedLease, probe, transition) => {
    const { health } = tryUpdateNodeHealth(current, saved, observedLease, NOW, GRACE);
    expect([health.probeTimestamp, health.readyTransitionTimestamp]).toEqual([probe, transition]);
  });
});
