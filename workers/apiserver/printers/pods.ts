// printPod of pkg/printers/internalversion/printers.go: READY/STATUS/RESTARTS from the shared
// pod summary, the wide IP/NODE/NOMINATED NODE/READINESS GATES columns, and the Completed row
// condition of finished pods.

import type { Pod } from 'kubernetes-types/core/v1';
import { humanDuration } from '../../api/duration.ts';
import { summarizePod } from '../../api/pod-columns.ts';
import {
  AGE_COLUMN,
  NAME_COLUMN,
  ageOf,
  column,
  nameOf,
  printer,
  wide,
  type TableRowCondition,
} from './table.ts';

const POD_COLUMNS = [
  NAME_COLUMN,
  column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
  column('Status', 'string', 'The aggregate status of the containers in this pod.'),
  column(
    'Restarts',
    'string',
    'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
  ),
  AGE_COLUMN,
  column(
    'IP',
    'string',
    'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    wide,
  ),
  column(
    'Node',
    'string',
    'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename',
    wide,
  ),
  column(
    'Nominated Node',
    'string',
    'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.',
    wide,
  ),
  column(
    'Readiness Gates',
    'string',
    'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates',
    wide,
  ),
];

const SUCCEEDED: TableRowCondition[] = [
  {
    type: 'Completed',
    status: 'True',
    reason: 'Succeeded',
    message: 'The pod has completed successfully.',
  },
];
const FAILED: TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

/** `<true gates>/<gates>`, where a gate counts the first condition of its type. */
function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passing = gates.filter(
    (gate) =>
      conditions.find((condition) => condition.type === gate.conditionType)?.status === 'True',
  ).length;
  return `${passing}/${gates.length}`;
}

export const podPrinter = printer(POD_COLUMNS, (pod: Pod, now) => {
  const summary = summarizePod(pod);
  const restarts =
    summary.restarts !== 0 && summary.lastRestart !== null
      ? `${summary.restarts} (${humanDuration(now - summary.lastRestart)} ago)`
      : String(summary.restarts);
  const phase = pod.status?.phase;
  return {
    cells: [
      nameOf(pod),
      summary.ready,
      summary.status,
      restarts,
      ageOf(pod, now),
      pod.status?.podIPs?.[0]?.ip || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      readinessGates(pod),
    ],
    ...(phase === 'Succeeded' ? { conditions: SUCCEEDED } : {}),
    ...(phase === 'Failed' ? { conditions: FAILED } : {}),
  };
});
