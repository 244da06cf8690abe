// Models pkg/scheduler/framework/plugins/nodeunschedulable: a cordoned node takes only pods that
// tolerate the node.kubernetes.io/unschedulable:NoSchedule taint.

import { unresolvable, type FilterPlugin } from '../framework.ts';
import { toleratesTaint } from '../../api/node-affinity.ts';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
const UNSCHEDULABLE_TAINT = {
  key: 'node.kubernetes.io/unschedulable',
  effect: 'NoSchedule',
} as const;

export const nodeUnschedulable: FilterPlugin = {
  name: NODE_UNSCHEDULABLE,
  filter(_state, pod, node) {
    if (!node.node.spec?.unschedulable) return null;
    const tolerated = (pod.spec?.tolerations ?? []).some((toleration) =>
      toleratesTaint(toleration, UNSCHEDULABLE_TAINT),
    );
    return tolerated ? null : unresolvable(NODE_UNSCHEDULABLE, 'node(s) were unschedulable');
  },
};
