// Why a pod fits nowhere, in upstream's words: FitError.Error() (pkg/scheduler/framework/types.go)
// with the reason histogram sorted as strings, and DefaultPreemption's account of each node
// (pkg/scheduler/framework/preemption: "Preemption is not helpful", "No preemption victims").

import type { Pod } from 'kubernetes-types/core/v1';
import type { NodeInfo, Status } from './framework.ts';

const NOT_HELPFUL = 'Preemption is not helpful for scheduling';
const NO_VICTIMS = 'No preemption victims found for incoming pod';

function histogram(reasonsPerNode: Iterable<readonly string[]>): string {
  const counts = new Map<string, number>();
  for (const reasons of reasonsPerNode) {
    for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort()
    .join(', ');
}

/**
 * DefaultPreemption's PostFilter outcome when no node could be freed: either the pod may not
 * preempt at all, or the per-node reasons. Returns null when some node has lower-priority pods
 * whose removal would make room (real preemption, not modelled yet, would then evict them).
 */
export function preemptionVerdicts(
  pod: Pod,
  nodes: readonly NodeInfo[],
  failures: ReadonlyMap<string, Status>,
): string | null {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never';
  const priority = pod.spec?.priority ?? 0;
  const perNode: string[][] = [];
  for (const node of nodes) {
    const failure = failures.get(node.name);
    if (!failure || failure.code === 'UnschedulableAndUnresolvable') {
      perNode.push([NOT_HELPFUL]);
      continue;
    }
    const lower = [...node.pods.values()].filter(
      (info) => (info.pod.spec?.priority ?? 0) < priority,
    );
    if (lower.length === 0) {
      perNode.push([NO_VICTIMS]);
      continue;
    }
    return null;
  }
  return `${nodes.length === 0 ? '0/0' : `0/${nodes.length}`} nodes are available: ${histogram(perNode)}`;
}

/** `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable. preemption: …` */
export function fitErrorMessage(
  nodeCount: number,
  failures: ReadonlyMap<string, Status>,
  preemption: string | null,
): string {
  let message = `0/${nodeCount} nodes are available:`;
  const reasons = histogram([...failures.values()].map((status) => status.reasons));
  if (reasons) message += ` ${reasons}.`;
  if (preemption) message += ` preemption: ${preemption}.`;
  return message;
}
