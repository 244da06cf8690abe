// Models pkg/scheduler/framework/plugins/nodename: a pod that names a node fits only there.

import { unresolvable, type FilterPlugin } from '../framework.ts';

export const NODE_NAME = 'NodeName';

export const nodeName: FilterPlugin = {
  name: NODE_NAME,
  filter(_state, pod, node) {
    const wanted = pod.spec?.nodeName;
    return !wanted || wanted === node.name
      ? null
      : unresolvable(NODE_NAME, "node(s) didn't match the requested node name");
  },
};
