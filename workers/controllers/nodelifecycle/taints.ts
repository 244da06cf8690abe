// The taints the node lifecycle controller keeps (pkg/controller/nodelifecycle: the taint
// templates, nodeConditionToTaintKeyStatusMap and doNoScheduleTaintingPass's choice): NoSchedule
// taints mirroring node conditions and spec.unschedulable, and the NoExecute not-ready and
// unreachable taints that follow the Ready condition.

import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1';

export const UNREACHABLE_TAINT: Taint = {
  key: 'node.kubernetes.io/unreachable',
  effect: 'NoExecute',
};
export const NOT_READY_TAINT: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };

/** Condition → taint key, per nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: { condition: string; status: string; key: string }[] = [
  { condition: 'Ready', status: 'False', key: 'node.kubernetes.io/not-ready' },
  { condition: 'Ready', status: 'Unknown', key: 'node.kubernetes.io/unreachable' },
  { condition: 'MemoryPressure', status: 'True', key: 'node.kubernetes.io/memory-pressure' },
  { condition: 'DiskPressure', status: 'True', key: 'node.kubernetes.io/disk-pressure' },
  {
    condition: 'NetworkUnavailable',
    status: 'True',
    key: 'node.kubernetes.io/network-unavailable',
  },
  { condition: 'PIDPressure', status: 'True', key: 'node.kubernetes.io/pid-pressure' },
];
const UNSCHEDULABLE_KEY = 'node.kubernetes.io/unschedulable';
/** The NoSchedule taint keys the controller owns. */
export const MANAGED = new Set([...CONDITION_TAINTS.map((entry) => entry.key), UNSCHEDULABLE_KEY]);

export function desiredNoScheduleTaints(node: Node): string[] {
  const keys: string[] = [];
  for (const { condition, status, key } of CONDITION_TAINTS) {
    if (
      node.status?.conditions?.some(
        (existing) => existing.type === condition && existing.status === status,
      )
    )
      keys.push(key);
  }
  if (node.spec?.unschedulable) keys.push(UNSCHEDULABLE_KEY);
  return keys;
}

/** The NoExecute taint a Ready condition calls for and the one it excludes, or null if Ready. */
export function noExecuteTaintFor(
  ready: NodeCondition | undefined,
): { add: Taint; remove: Taint } | null {
  switch (ready?.status) {
    case 'False':
      return { add: NOT_READY_TAINT, remove: UNREACHABLE_TAINT };
    case 'Unknown':
      return { add: UNREACHABLE_TAINT, remove: NOT_READY_TAINT };
    default:
      return null;
  }
}
