// The node health bookkeeping of the node lifecycle controller (tryUpdateNodeHealth in
// pkg/controller/nodelifecycle/node_lifecycle_controller.go): when the
// controller last saw the kubelet's Ready heartbeat or a Lease renewal, and whether the grace
// period has run out so that Ready, MemoryPressure, DiskPressure and PIDPressure become Unknown.

import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Node, NodeCondition, NodeStatus } from 'kubernetes-types/core/v1';
import { formatTime, parseTime } from '../../api/time.ts';

/** nodeHealthData: times are the controller's own clock, not the kubelet's. */
export interface NodeHealth {
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  status: NodeStatus;
  lease?: Lease;
}

export interface GracePeriods {
  /** --node-monitor-grace-period. */
  monitorMs: number;
  /** --node-startup-grace-period: for a node that has never posted Ready. */
  startupMs: number;
}

export interface HealthUpdate {
  health: NodeHealth;
  /** The Ready condition as the controller found it (made up, Unknown, if the node has none). */
  observedReady: NodeCondition;
  /** The Ready condition after this pass: changed when the node is to be marked Unknown. */
  currentReady: NodeCondition | undefined;
  /** The node to write to nodes/status, when its Ready condition was changed. */
  statusUpdate: Node | null;
}

/** The conditions the controller owns once the kubelet is silent; NetworkUnavailable is not one. */
const UNKNOWN_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

function readyOf(status: NodeStatus | undefined): NodeCondition | undefined {
  return status?.conditions?.find((condition) => condition.type === 'Ready');
}

function renewTime(lease: Lease | undefined): number {
  const time = lease?.spec?.renewTime;
  return time ? parseTime(time) : Number.NEGATIVE_INFINITY;
}

function sameCondition(a: NodeCondition | undefined, b: NodeCondition): boolean {
  return (
    a?.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.lastHeartbeatTime === b.lastHeartbeatTime &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}

/** The health the controller keeps after seeing `node` (and its Lease) at `now`. */
function observe(
  node: Node,
  saved: NodeHealth | undefined,
  lease: Lease | undefined,
  now: number,
): NodeHealth {
  const status = node.status ?? {};
  const current = readyOf(status);
  const savedReady = readyOf(saved?.status);
  const created = parseTime(node.metadata?.creationTimestamp ?? formatTime(now));
  let health: NodeHealth;
  if (!current && saved) health = { ...saved, status };
  else if (!current)
    health = { status, probeTimestamp: created, readyTransitionTimestamp: created };
  else if (!saved || !savedReady)
    health = { status, probeTimestamp: now, readyTransitionTimestamp: now };
  else if (savedReady.lastHeartbeatTime !== current.lastHeartbeatTime)
    health = {
      status,
      probeTimestamp: now,
      readyTransitionTimestamp:
        savedReady.lastTransitionTime !== current.lastTransitionTime
          ? now
          : saved.readyTransitionTimestamp,
    };
  else health = saved;
  // Always update the probe time when the node's Lease was renewed since the saved one.
  if (lease && renewTime(saved?.lease) < renewTime(lease))
    health = { ...health, lease, probeTimestamp: now };
  return health;
}

/**
 * tryUpdateNodeHealth: the node's health after this pass, and the node to write back when the
 * kubelet has posted neither status nor Lease for the grace period.
 */
export function tryUpdateNodeHealth(
  node: Node,
  saved: NodeHealth | undefined,
  lease: Lease | undefined,
  now: number,
  grace: GracePeriods,
): HealthUpdate {
  const current = readyOf(node.status);
  const created = node.metadata?.creationTimestamp ?? formatTime(now);
  const observedReady: NodeCondition = current ?? {
    type: 'Ready',
    status: 'Unknown',
    lastHeartbeatTime: created,
    lastTransitionTime: created,
  };
  const gracePeriod = current ? grace.monitorMs : grace.startupMs;
  const health = observe(node, saved, lease, now);
  if (now <= health.probeTimestamp + gracePeriod)
    return { health, observedReady, currentReady: current, statusUpdate: null };

  const timestamp = formatTime(now);
  const conditions = [...(node.status?.conditions ?? [])];
  for (const type of UNKNOWN_CONDITION_TYPES) {
    const index = conditions.findIndex((condition) => condition.type === type);
    const condition = conditions[index];
    if (!condition) {
      conditions.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: created,
        lastTransitionTime: timestamp,
      });
    } else if (condition.status !== 'Unknown') {
      conditions[index] = {
        ...condition,
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: timestamp,
      };
    }
  }
  const updated: Node = { ...node, status: { ...node.status, conditions } };
  const currentReady = readyOf(updated.status);
  if (sameCondition(currentReady, observedReady))
    return { health, observedReady, currentReady, statusUpdate: null };
  return { health, observedReady, currentReady, statusUpdate: updated };
}
